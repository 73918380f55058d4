//! Exports read back as Excel and other tools would read them: the workbook through
//! calamine, the CSVs byte for byte; failed and cancelled writes that leave the old file
//! alone; and the `export` command run as a process.

use std::cell::{Cell as Counter, RefCell};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::{Value, json};
use wolkvox_ivr::export::{
    ExportError, ExportOptions, Format, PROGRESS_EVERY, WriteHook, export, export_through,
};
use wolkvox_ivr::fake::{GeneratorConfig, first_calls_between, response_body};
use wolkvox_ivr::i18n::{Lang, column_title};
use wolkvox_ivr::report::{Field, KeyNumbers, Report, Stamp};

// ---- fixtures ----

fn row(values: &[(&str, &str)]) -> Value {
    Value::Object(
        values
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect(),
    )
}

/// Three calls with every awkward value a supervisor's export meets.
fn tricky() -> Report {
    let rows = vec![
        row(&[
            ("conn_id", "1.1"),
            ("time_on_rp", "00:03:53"),
            ("end_date_rp", "2026-11-25 10:04:05"),
            ("rp_id", "RP_MENU"),
            ("ani", "+573001234567"),
            ("customer_id", "000123"),
            ("time_on_skill", "00:00:10"),
            ("skill_id", "SK1"),
            ("skill_result", "@SUM(A1)"),
            ("go_to_agent", "yes"),
            ("agent_id", "AG1"),
            ("agent_name", "Ana María Muñoz"),
            ("time_with_agent", "00:04:00"),
            ("cod_act", "=1+1"),
            ("cod_act_2", "-"),
            ("type_interaction", "-2+3"),
            ("total_time", "00:07:53"),
        ]),
        row(&[
            ("conn_id", "12345678901234567890"),
            ("time_on_rp", "bad"),
            ("end_date_rp", "not a date"),
            ("rp_id", "RP_MENU"),
            ("ani", "3001234567"),
            ("customer_id", "Peña; \"Ñandú\"\nsegunda"),
            ("time_on_skill", "-"),
            ("skill_id", "-"),
            ("skill_result", "HANGUP"),
            ("go_to_agent", "no"),
            ("agent_id", "-"),
            ("agent_name", "-"),
            ("time_with_agent", "-"),
            ("cod_act", "-"),
            ("cod_act_2", "-"),
            ("type_interaction", "inbound"),
            ("total_time", "00:00:40"),
        ]),
        row(&[
            ("conn_id", "C-3"),
            ("time_on_rp", "00:00:30"),
            ("end_date_rp", "2026-11-25 09:00:00"),
            ("go_to_agent", "maybe"),
        ]),
    ];
    report_of(&rows)
}

fn body(rows: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&json!({"code": 200, "error": null, "msg": "ok", "data": rows})).unwrap()
}

fn report_of(rows: &[Value]) -> Report {
    let mut r = Report::new();
    r.ingest(&body(rows)).unwrap();
    r
}

/// `n` synthetic calls from the demo generator.
fn generated(n: usize) -> Report {
    let cfg = GeneratorConfig {
        seed: 11,
        calls_per_day: 20_000.0,
    };
    let from = Stamp::from_parts(2026, 11, 1, 0, 0, 0)
        .and_then(Stamp::seconds)
        .unwrap();
    let calls = first_calls_between(&cfg, from, from + 30 * 86_400, n);
    let mut r = Report::new();
    r.ingest(&response_body(&calls, false)).unwrap();
    assert_eq!(r.len(), n);
    r
}

fn all(r: &Report) -> Vec<u32> {
    (0..r.len() as u32).collect()
}

fn opts(format: Format, lang: Lang) -> ExportOptions {
    ExportOptions::new(format, lang)
}

fn go_on(_: usize) -> bool {
    true
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---- XLSX ----

fn cell(range: &calamine::Range<Data>, r: u32, c: u32) -> Data {
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match cell(range, r, c) {
        Data::String(s) => s,
        other => panic!("({r},{c}) is not text: {other:?}"),
    }
}

fn serial(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> f64 {
    let secs = Stamp::from_parts(y, mo, d, h, mi, s)
        .and_then(Stamp::seconds)
        .unwrap();
    // Excel counts days from 1899-12-30; 1970-01-01 is day 25569.
    secs as f64 / 86_400.0 + 25_569.0
}

fn col(f: Field) -> u32 {
    Field::ALL.iter().position(|&x| x == f).unwrap() as u32
}

#[test]
fn the_workbook_has_typed_cells_exact_ids_and_highlighted_long_rows() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.xlsx");
    let order = [2u32, 0, 1];
    let n = export(&r, &order, &path, &opts(Format::Xlsx, Lang::En), &go_on).unwrap();
    assert_eq!(n, 3);

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Calls", "Summary", "Trend", "Paths"]);
    let calls = wb.worksheet_range("Calls").unwrap();
    assert_eq!(calls.height(), 4, "header and three calls");
    for f in Field::ALL {
        assert_eq!(text(&calls, 0, col(f)), column_title(Lang::En.texts(), f));
    }

    // The rows in the order asked for.
    assert_eq!(text(&calls, 1, 0), "C-3");
    assert_eq!(text(&calls, 2, 0), "1.1");
    assert_eq!(text(&calls, 3, 0), "12345678901234567890");

    // Ids, phones and customer ids: text, exactly as received.
    assert_eq!(text(&calls, 2, col(Field::Ani)), "+573001234567");
    assert_eq!(text(&calls, 2, col(Field::CustomerId)), "000123");
    assert_eq!(text(&calls, 3, col(Field::Ani)), "3001234567");
    assert_eq!(
        text(&calls, 3, col(Field::CustomerId)),
        "Peña; \"Ñandú\"\nsegunda"
    );
    // Formula-looking text is a string cell, never a formula.
    assert_eq!(text(&calls, 2, col(Field::CodAct)), "=1+1");
    assert_eq!(text(&calls, 2, col(Field::SkillResult)), "@SUM(A1)");
    assert_eq!(text(&calls, 2, col(Field::CodAct2)), "-");
    assert_eq!(text(&calls, 2, col(Field::AgentName)), "Ana María Muñoz");
    // The transfer flag reads as in the window; an unreadable one as received.
    assert_eq!(text(&calls, 2, col(Field::GoToAgent)), "Yes");
    assert_eq!(text(&calls, 3, col(Field::GoToAgent)), "No");
    assert_eq!(text(&calls, 1, col(Field::GoToAgent)), "maybe");

    // Durations: day fractions Excel can sum; date-times: Excel dates.
    match cell(&calls, 2, col(Field::TimeOnRp)) {
        Data::DateTime(d) => {
            assert!(d.is_duration(), "{d:?}");
            assert!((d.as_f64() - 233.0 / 86_400.0).abs() < 1e-12);
        }
        other => panic!("IVR time is not a duration: {other:?}"),
    }
    match cell(&calls, 2, col(Field::EndDateRp)) {
        Data::DateTime(d) => {
            assert!(d.is_datetime(), "{d:?}");
            assert!((d.as_f64() - serial(2026, 11, 25, 10, 4, 5)).abs() < 1e-9);
        }
        other => panic!("the date is not a date: {other:?}"),
    }
    // Unreadable and placeholder values stay as received; absent fields are blank.
    assert_eq!(text(&calls, 3, col(Field::TimeOnRp)), "bad");
    assert_eq!(text(&calls, 3, col(Field::EndDateRp)), "not a date");
    assert_eq!(text(&calls, 3, col(Field::TimeWithAgent)), "-");
    assert_eq!(cell(&calls, 1, col(Field::RpId)), Data::Empty);
    assert_eq!(cell(&calls, 1, col(Field::TotalTime)), Data::Empty);

    let styles = wb.worksheet_style("Calls").unwrap();
    let format_of = |r: u32, c: u32| {
        styles
            .get((r, c))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
    };
    assert_eq!(
        format_of(2, col(Field::TimeOnRp)).as_deref(),
        Some("[h]:mm:ss")
    );
    assert_eq!(
        format_of(2, col(Field::TotalTime)).as_deref(),
        Some("[h]:mm:ss")
    );
    assert_eq!(
        format_of(2, col(Field::EndDateRp)).as_deref(),
        Some("yyyy-mm-dd hh:mm:ss")
    );
    // The long-IVR call (3:53 > 2:00) is filled across the row; the others are not.
    let filled = |r: u32, c: u32| {
        styles
            .get((r, c))
            .and_then(|s| s.fill.as_ref())
            .and_then(|f| f.foreground_color.or(f.background_color))
            .map(|c| (c.red, c.green, c.blue))
    };
    for f in [
        Field::ConnId,
        Field::TimeOnRp,
        Field::EndDateRp,
        Field::AgentName,
    ] {
        assert_eq!(filled(2, col(f)), Some((0xFC, 0xE4, 0xD6)), "{f:?}");
        assert_eq!(filled(1, col(f)), None, "{f:?}");
        assert_eq!(filled(3, col(f)), None, "{f:?}");
    }
}

#[test]
fn the_summary_sheet_holds_the_key_numbers_per_routing_point_and_per_hour() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.xlsx");
    export(&r, &all(&r), &path, &opts(Format::Xlsx, Lang::En), &go_on).unwrap();
    let want = KeyNumbers::of_rows(&r, &all(&r), 120);

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let s = wb.worksheet_range("Summary").unwrap();
    let find = |label: &str| {
        (0..s.height() as u32)
            .find(|&i| cell(&s, i, 0) == Data::String(label.to_string()))
            .unwrap_or_else(|| panic!("no line {label:?}"))
    };
    let number = |r: u32, c: u32| match cell(&s, r, c) {
        Data::Float(x) => x,
        Data::Int(x) => x as f64,
        Data::DateTime(d) => d.as_f64(),
        other => panic!("({r},{c}) is not a number: {other:?}"),
    };
    assert_eq!(number(find("Calls"), 1), want.calls as f64);
    assert_eq!(number(find("Calls"), 1), 3.0);
    let line = find("Transferred to an agent");
    assert_eq!(number(line, 1), 1.0);
    assert!((number(line, 2) - 0.5).abs() < 1e-12, "share of known");
    assert_eq!(number(find("Retained in the IVR"), 1), 1.0);
    assert_eq!(number(find("Transfer unknown"), 1), 1.0);
    assert_eq!(number(find("Long IVR (over 2:00)"), 1), 1.0);
    // Median of 30 s and 233 s by nearest rank.
    assert!((number(find("IVR time, median"), 1) - 30.0 / 86_400.0).abs() < 1e-12);
    assert!((number(find("IVR time, longest"), 1) - 233.0 / 86_400.0).abs() < 1e-12);
    assert_eq!(
        number(find("Unreadable values"), 1),
        want.unreadable_values as f64
    );

    // Per routing point: the absent one is "-".
    let rp = find("RP_MENU");
    assert_eq!(number(rp, 1), 2.0);
    assert_eq!(number(find("-"), 1), 1.0);

    // Per hour: 24 lines after the header, calls and mean times.
    let header = find("Hour");
    assert_eq!(text(&s, header, 2), "Mean IVR time");
    assert_eq!(text(&s, header + 1, 0), "00:00");
    assert_eq!(text(&s, header + 24, 0), "23:00");
    let nine = find("09:00");
    assert_eq!(number(nine, 1), 1.0);
    assert!((number(nine, 2) - 30.0 / 86_400.0).abs() < 1e-12);
    let ten = find("10:00");
    assert_eq!(number(ten, 1), 1.0);
    assert!((number(ten, 2) - 233.0 / 86_400.0).abs() < 1e-12);
    assert!((number(ten, 3) - 240.0 / 86_400.0).abs() < 1e-12);
    assert_eq!(cell(&s, find("11:00"), 2), Data::Empty, "no calls, no mean");

    // A native chart rides along (its part is named in the zip directory).
    let bytes = std::fs::read(&path).unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"xl/charts/chart1.xml"));
}

#[test]
fn spanish_workbooks_speak_spanish() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("llamadas.xlsx");
    export(&r, &all(&r), &path, &opts(Format::Xlsx, Lang::Es), &go_on).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Llamadas", "Resumen", "Tendencia", "Recorridos"]
    );
    let calls = wb.worksheet_range("Llamadas").unwrap();
    assert_eq!(text(&calls, 0, 0), "ID de llamada");
    assert_eq!(text(&calls, 0, col(Field::Ani)), "Teléfono");
    assert_eq!(text(&calls, 1, col(Field::GoToAgent)), "Sí");
    let s = wb.worksheet_range("Resumen").unwrap();
    assert!(
        (0..s.height() as u32).any(|i| cell(&s, i, 0) == Data::String("Llamadas".into())),
        "key numbers labelled in Spanish"
    );
}

/// Calls through the menus: X passes RP_A then RP_B and reaches an agent, Y, Z and a
/// row without a call id stay at RP_A.
fn menus() -> Report {
    let step = |conn: &str, rp: &str, when: &str, ivr: &str, agent: &str| {
        let mut r = row(&[
            ("rp_id", rp),
            ("end_date_rp", when),
            ("time_on_rp", ivr),
            ("go_to_agent", agent),
        ]);
        if !conn.is_empty() {
            r["conn_id"] = json!(conn);
        }
        r
    };
    report_of(&[
        step("X", "RP_B", "2026-11-25 10:01:00", "00:02:00", "yes"),
        step("Y", "RP_A", "2026-11-25 10:00:30", "00:00:30", "no"),
        step("X", "RP_A", "2026-11-25 10:00:00", "00:01:00", "no"),
        step("Z", "RP_A", "2026-11-25 10:02:00", "00:00:20", "no"),
        step("", "RP_A", "2026-11-25 10:03:00", "00:00:10", "no"),
    ])
}

#[test]
fn the_paths_sheet_counts_calls_and_follows_the_view() {
    let r = menus();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paths.xlsx");
    export(&r, &all(&r), &path, &opts(Format::Xlsx, Lang::En), &go_on).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Calls", "Summary", "Trend", "Paths"]);
    let s = wb.worksheet_range("Paths").unwrap();
    assert_eq!(text(&s, 0, 0), "Paths through the routing points");
    assert!(text(&s, 1, 0).starts_with("Counted in calls"));
    assert!(text(&s, 1, 0).contains("over 2:00"), "{}", text(&s, 1, 0));
    let number = |r: u32| cell(&s, r, 1);
    assert_eq!(text(&s, 2, 0), "Calls (distinct call ids)");
    assert_eq!(number(2), Data::Float(4.0));
    assert_eq!(number(3), Data::Float(1.0));
    assert_eq!(number(4), Data::Float(2.0));
    let titles: Vec<String> = (0..7).map(|c| text(&s, 6, c)).collect();
    assert_eq!(
        titles,
        [
            "Path",
            "Calls",
            "Transferred",
            "Retained",
            "Unknown",
            "Median IVR per call",
            "Long IVR calls"
        ]
    );
    let line = |r: u32| -> Vec<Data> { [0, 1, 2, 3, 4, 6].map(|c| cell(&s, r, c)).to_vec() };
    // Summable durations, as on the other sheets.
    let median_secs = |r: u32| match cell(&s, r, 5) {
        Data::DateTime(d) if d.is_duration() => (d.as_f64() * 86_400.0).round(),
        other => panic!("the median of row {r} is not a duration: {other:?}"),
    };
    let f = Data::Float;
    let rp_a = Data::String("RP_A".into());
    assert_eq!(line(7), [rp_a, f(3.0), f(0.0), f(3.0), f(0.0), f(0.0)]);
    // Three single-step calls at 0:30, 0:20 and 0:10: the median by nearest rank is 0:20.
    assert_eq!(median_secs(7), 20.0);
    let both = Data::String("RP_A → RP_B".into());
    assert_eq!(line(8), [both, f(1.0), f(1.0), f(0.0), f(0.0), f(1.0)]);
    // X's IVR time is the sum over both routing points: 3:00, above the 2:00 threshold.
    assert_eq!(median_secs(8), 180.0);
    assert_eq!(s.height(), 9);

    // A view holding only X's second row exports X's whole path, in Spanish.
    export(&r, &[0], &path, &opts(Format::Xlsx, Lang::Es), &go_on).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let s = wb.worksheet_range("Recorridos").unwrap();
    assert_eq!(text(&s, 6, 0), "Recorrido");
    assert_eq!(text(&s, 7, 0), "RP_A → RP_B");
    assert_eq!(cell(&s, 2, 1), Data::Float(1.0));
    assert_eq!(s.height(), 8);
}

#[test]
fn paths_past_the_row_limit_are_counted_not_lost_silently() {
    let rows: Vec<Value> = (0..12)
        .map(|i| {
            row(&[
                ("conn_id", &format!("c{i}")),
                ("rp_id", &format!("RP_{i:02}")),
            ])
        })
        .collect();
    let r = report_of(&rows);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paths.xlsx");
    let mut o = opts(Format::Xlsx, Lang::En);
    o.xlsx_row_limit = 11;
    export(&r, &all(&r), &path, &o, &go_on).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let s = wb.worksheet_range("Paths").unwrap();
    assert_eq!(s.height(), 11, "the sheet keeps to the row limit");
    assert_eq!(cell(&s, 4, 1), Data::Float(12.0), "every path is counted");
    let shown: Vec<String> = (7..10).map(|i| text(&s, i, 0)).collect();
    assert_eq!(shown, ["RP_00", "RP_01", "RP_02"]);
    assert_eq!(
        text(&s, 10, 0),
        "9 less frequent paths did not fit on this sheet."
    );
}

#[test]
fn calls_past_the_row_limit_continue_on_the_next_sheet() {
    let rows: Vec<Value> = (1..=5)
        .map(|i| {
            row(&[
                ("conn_id", &format!("r{i}")),
                ("end_date_rp", &format!("2026-11-25 10:0{i}:00")),
                ("time_on_rp", "00:00:10"),
            ])
        })
        .collect();
    let r = report_of(&rows);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.xlsx");
    let mut o = opts(Format::Xlsx, Lang::En);
    o.xlsx_row_limit = 3;
    let order = [4u32, 3, 2, 1, 0];
    assert_eq!(export(&r, &order, &path, &o, &go_on).unwrap(), 5);

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Calls",
            "Calls (2)",
            "Calls (3)",
            "Summary",
            "Trend",
            "Paths"
        ]
    );
    let mut seen = Vec::new();
    for name in ["Calls", "Calls (2)", "Calls (3)"] {
        let sheet = wb.worksheet_range(name).unwrap();
        assert!(sheet.height() <= 3, "{name} holds at most the limit");
        assert_eq!(text(&sheet, 0, 0), "Call ID", "{name} has its header");
        for i in 1..sheet.height() as u32 {
            seen.push(text(&sheet, i, 0));
        }
    }
    assert_eq!(seen, ["r5", "r4", "r3", "r2", "r1"]);
    let s = wb.worksheet_range("Summary").unwrap();
    let calls_line = (0..s.height() as u32)
        .find(|&i| cell(&s, i, 0) == Data::String("Calls".into()))
        .unwrap();
    assert_eq!(
        cell(&s, calls_line, 1),
        Data::Float(5.0),
        "summary over all sheets"
    );
}

#[test]
fn an_empty_view_still_gives_a_workbook_with_headers() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.xlsx");
    assert_eq!(
        export(&r, &[], &path, &opts(Format::Xlsx, Lang::En), &go_on).unwrap(),
        0
    );
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let calls = wb.worksheet_range("Calls").unwrap();
    assert_eq!(calls.height(), 1);
}

// ---- CSV ----

#[test]
fn csv_for_excel_keeps_ids_blocks_formulas_and_opens_in_columns() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    let n = export(
        &r,
        &all(&r),
        &path,
        &opts(Format::CsvExcel, Lang::Es),
        &go_on,
    )
    .unwrap();
    assert_eq!(n, 3);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let got = String::from_utf8(bytes[3..].to_vec()).unwrap();

    let t = Lang::Es.texts();
    let header: Vec<&str> = Field::ALL.iter().map(|&f| column_title(t, f)).collect();
    let a = [
        "\"=\"\"1.1\"\"\"",
        "0:03:53",
        "2026-11-25 10:04:05",
        "RP_MENU",
        "\"=\"\"+573001234567\"\"\"",
        "\"=\"\"000123\"\"\"",
        "0:00:10",
        "SK1",
        "'@SUM(A1)",
        "Sí",
        "AG1",
        "Ana María Muñoz",
        "0:04:00",
        "'=1+1",
        "-",
        "'-2+3",
        "0:07:53",
    ];
    let b = [
        "\"=\"\"12345678901234567890\"\"\"",
        "bad",
        "not a date",
        "RP_MENU",
        "\"=\"\"3001234567\"\"\"",
        "\"Peña; \"\"Ñandú\"\"\nsegunda\"",
        "-",
        "-",
        "HANGUP",
        "No",
        "-",
        "-",
        "-",
        "-",
        "-",
        // A call type Wolkvox defines reads in the export's language, as in the window.
        "Entrante",
        "0:00:40",
    ];
    let c = [
        "C-3",
        "0:00:30",
        "2026-11-25 09:00:00",
        "",
        "",
        "",
        "",
        "",
        "",
        "maybe",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ];
    let want = [header.join(";"), a.join(";"), b.join(";"), c.join(";")]
        .map(|l| l + "\r\n")
        .concat();
    assert_eq!(got, want);
    assert!(got.contains("Teléfono") && got.contains("Tipificación"));
}

#[test]
fn plain_csv_is_rfc_4180_with_every_value_as_received() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.csv");
    export(
        &r,
        &[1, 0, 2],
        &path,
        &opts(Format::CsvPlain, Lang::Es),
        &go_on,
    )
    .unwrap();
    let got = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    let want = [
        "conn_id,time_on_rp,end_date_rp,rp_id,ani,customer_id,time_on_skill,skill_id,skill_result,go_to_agent,agent_id,agent_name,time_with_agent,cod_act,cod_act_2,type_interaction,total_time",
        "12345678901234567890,bad,not a date,RP_MENU,3001234567,\"Peña; \"\"Ñandú\"\"\nsegunda\",-,-,HANGUP,no,-,-,-,-,-,inbound,00:00:40",
        "1.1,00:03:53,2026-11-25 10:04:05,RP_MENU,+573001234567,000123,00:00:10,SK1,@SUM(A1),yes,AG1,Ana María Muñoz,00:04:00,=1+1,-,-2+3,00:07:53",
        "C-3,00:00:30,2026-11-25 09:00:00,,,,,,,maybe,,,,,,,",
    ]
    .map(|l| l.to_string() + "\r\n")
    .concat();
    assert_eq!(got, want);
}

// ---- failures and cancels ----

/// Writes `limit` bytes, then fails with `kind`, as a full disk or a revoked
/// permission does halfway through.
struct FailAfter {
    limit: usize,
    kind: io::ErrorKind,
}

struct Failing<'a> {
    inner: Box<dyn Write + Send + 'a>,
    left: usize,
    kind: io::ErrorKind,
}

impl Write for Failing<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::from(self.kind));
        }
        let n = self.inner.write(&buf[..buf.len().min(self.left)])?;
        self.left -= n;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl WriteHook for FailAfter {
    fn wrap<'a>(&self, file: Box<dyn Write + Send + 'a>) -> Box<dyn Write + Send + 'a> {
        Box::new(Failing {
            inner: file,
            left: self.limit,
            kind: self.kind,
        })
    }
}

const OLD: &[u8] = b"the report from last week, still open in someone's mind";

#[test]
fn a_full_disk_or_a_lost_permission_keeps_the_old_file_and_leaves_nothing() {
    let r = generated(3_000);
    for format in [Format::Xlsx, Format::CsvExcel, Format::CsvPlain] {
        for kind in [io::ErrorKind::StorageFull, io::ErrorKind::PermissionDenied] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(format!("calls.{}", format.extension()));
            std::fs::write(&path, OLD).unwrap();
            let hook = FailAfter { limit: 5_000, kind };
            let err = export_through(&r, &all(&r), &path, &opts(format, Lang::En), &go_on, &hook)
                .unwrap_err();
            let ExportError::Write { source, .. } = &err else {
                panic!("{format:?} {kind:?}: {err:?}");
            };
            assert_eq!(source.kind(), kind, "{format:?}: the real cause is kept");
            let msg = err.message(Lang::En);
            match kind {
                io::ErrorKind::StorageFull => {
                    assert!(msg.contains("the disk is full"), "{msg}");
                    assert!(!err.may_be_open_elsewhere());
                }
                _ => {
                    assert!(msg.contains("close it there and try again"), "{msg}");
                    assert!(err.may_be_open_elsewhere());
                }
            }
            assert_eq!(std::fs::read(&path).unwrap(), OLD, "{format:?} {kind:?}");
            assert_eq!(
                files_in(dir.path()),
                [path.file_name().unwrap().to_string_lossy()],
                "no temporary file remains"
            );
        }
    }
}

#[test]
fn targets_that_cannot_be_files_are_refused_before_anything_is_written() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    let o = opts(Format::CsvExcel, Lang::Es);

    // A device: refused, not written to.
    if cfg!(unix) {
        let err = export(&r, &all(&r), Path::new("/dev/null"), &o, &go_on).unwrap_err();
        assert!(matches!(err, ExportError::NotAFile { .. }), "{err:?}");
        assert!(err.message(Lang::Es).contains("no es un archivo normal"));
        assert!(
            !std::fs::metadata("/dev/null").unwrap().is_file(),
            "/dev/null is still the device"
        );
    }

    // A folder.
    let folder = dir.path().join("folder.csv");
    std::fs::create_dir(&folder).unwrap();
    let err = export(&r, &all(&r), &folder, &o, &go_on).unwrap_err();
    assert!(matches!(err, ExportError::NotAFile { .. }), "{err:?}");
    assert!(files_in(&folder).is_empty());

    // A path through a folder that does not exist.
    let missing = dir.path().join("missing").join("out.csv");
    let err = export(&r, &all(&r), &missing, &o, &go_on).unwrap_err();
    assert!(
        err.message(Lang::Es).contains("la carpeta no existe"),
        "{}",
        err.message(Lang::Es)
    );
    assert!(err.message(Lang::En).contains("the folder does not exist"));

    // A path through a file.
    let file = dir.path().join("file.txt");
    std::fs::write(&file, OLD).unwrap();
    let err = export(&r, &all(&r), &file.join("out.csv"), &o, &go_on).unwrap_err();
    assert!(matches!(err, ExportError::Write { .. }), "{err:?}");
    assert!(
        err.message(Lang::En).contains("part of the path is a file"),
        "{}",
        err.message(Lang::En)
    );
    assert_eq!(std::fs::read(&file).unwrap(), OLD);

    assert_eq!(files_in(dir.path()), ["file.txt", "folder.csv"]);
}

#[cfg(unix)]
#[test]
fn a_full_device_and_links_to_devices_are_refused_and_left_as_they_were() {
    use std::os::unix::fs::FileTypeExt;
    let r = tricky();
    let env = Env::new();
    let to_full = env.path("calls.csv");
    let to_null = env.path("calls.xlsx");
    std::os::unix::fs::symlink("/dev/full", &to_full).unwrap();
    std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
    let device = |p: &str| std::fs::metadata(p).unwrap().file_type().is_char_device();
    for format in [Format::Xlsx, Format::CsvExcel, Format::CsvPlain] {
        for target in [Path::new("/dev/full"), &to_full, &to_null] {
            let wrote = Counter::new(0);
            let err = export(&r, &all(&r), target, &opts(format, Lang::En), &|n| {
                wrote.set(n);
                true
            })
            .unwrap_err();
            assert!(
                matches!(err, ExportError::NotAFile { .. }),
                "{format:?} {target:?}: {err:?}"
            );
            assert!(err.message(Lang::En).contains("nothing was written"));
            assert_eq!(wrote.get(), 0, "refused before the first row");
        }
    }
    // The command line: a file error (5), nothing created.
    let good = env.file("in.json", &scrambled());
    for target in [Path::new("/dev/full"), &to_full, &to_null] {
        let o = env.run(&[
            "export",
            "--input",
            s(&good),
            "--out",
            s(target),
            "--format",
            "csv",
        ]);
        assert_eq!(code(&o), 5, "{target:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
    // The devices are still devices (a rename over them would have replaced them), the
    // links still point at them, and no temporary file is left beside the links.
    assert!(device("/dev/full") && device("/dev/null"));
    assert_eq!(
        std::fs::read_link(&to_full).unwrap(),
        Path::new("/dev/full")
    );
    assert_eq!(
        std::fs::read_link(&to_null).unwrap(),
        Path::new("/dev/null")
    );
    let left: Vec<String> = files_in(env.dir.path())
        .into_iter()
        .filter(|n| n != "config" && n != "logs")
        .collect();
    assert_eq!(left, ["calls.csv", "calls.xlsx", "in.json"]);
}

#[test]
fn progress_comes_every_ten_thousand_rows_and_a_cancel_leaves_no_file() {
    let r = generated(21_000);
    let rows = all(&r);
    for format in [Format::CsvExcel, Format::CsvPlain, Format::Xlsx] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("calls.{}", format.extension()));

        // Heard at each step and at the end, in order.
        let heard = RefCell::new(Vec::new());
        let n = export(&r, &rows, &path, &opts(format, Lang::En), &|done| {
            heard.borrow_mut().push(done);
            true
        })
        .unwrap();
        assert_eq!(n, 21_000);
        let heard = heard.into_inner();
        assert_eq!(
            heard[..3],
            [PROGRESS_EVERY, 2 * PROGRESS_EVERY, 21_000],
            "{format:?}"
        );
        assert!(heard[3..].iter().all(|&d| d == 21_000), "{format:?}");

        // Cancelled halfway: the earlier file stays, nothing else appears.
        std::fs::write(&path, OLD).unwrap();
        let err = export(&r, &rows, &path, &opts(format, Lang::En), &|done| {
            done < 2 * PROGRESS_EVERY
        })
        .unwrap_err();
        assert!(matches!(err, ExportError::Cancelled), "{err:?}");
        assert!(err.message(Lang::Es).contains("cancelada"));
        assert_eq!(std::fs::read(&path).unwrap(), OLD);
        assert_eq!(files_in(dir.path()).len(), 1, "{format:?}");

        // Without an earlier file, a cancel leaves no file at all.
        std::fs::remove_file(&path).unwrap();
        let err = export(&r, &rows, &path, &opts(format, Lang::En), &|_| false).unwrap_err();
        assert!(matches!(err, ExportError::Cancelled));
        assert!(files_in(dir.path()).is_empty(), "{format:?}");
    }
}

#[test]
fn a_workbook_can_be_cancelled_while_it_is_being_compressed() {
    let r = generated(21_000);
    let rows = all(&r);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.xlsx");
    std::fs::write(&path, OLD).unwrap();
    // Every row is written; the "stop" comes at the first check after that.
    let ends = Counter::new(0);
    let err = export(&r, &rows, &path, &opts(Format::Xlsx, Lang::En), &|done| {
        if done == rows.len() {
            ends.set(ends.get() + 1);
        }
        ends.get() < 2
    })
    .unwrap_err();
    assert_eq!(ends.get(), 2, "asked again while saving");
    assert!(matches!(err, ExportError::Cancelled), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), OLD);
    assert_eq!(files_in(dir.path()), ["calls.xlsx"]);
}

// ---- the command ----

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
            .args(args)
            .env("WOLKVOX_IVR_CONFIG_DIR", self.path("config"))
            .env("WOLKVOX_IVR_LOG_DIR", self.path("logs"))
            .env("WOLKVOX_IVR_DATA_DIR", self.path("data"))
            .env_remove("RUST_LOG")
            .env_remove("LANGUAGE")
            .env("LANG", "C")
            .env("LC_ALL", "C")
            .output()
            .unwrap()
    }
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn scrambled() -> Vec<u8> {
    let at = |conn: &str, when: &str| {
        row(&[
            ("conn_id", conn),
            ("end_date_rp", when),
            ("time_on_rp", "00:01:00"),
            ("ani", "+573001234567"),
        ])
    };
    body(&[
        at("b", "2026-11-25 10:00:00"),
        at("z", "unreadable date"),
        at("c", "2026-11-24 23:59:59"),
        at("a", "2026-11-25 10:00:00"),
    ])
}

#[test]
fn the_command_writes_calls_in_date_order_then_by_call_id() {
    let env = Env::new();
    let input = env.file("in.json", &scrambled());
    let out = env.path("out.csv");
    let o = env.run(&[
        "export",
        "--input",
        s(&input),
        "--out",
        s(&out),
        "--format",
        "csv-plain",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("4 calls written to {}", s(&out))),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["c", "a", "b", "z"]);
}

#[test]
fn the_command_picks_the_format_from_the_file_name() {
    let env = Env::new();
    let input = env.file(
        "in.json",
        &body(&[row(&[("conn_id", "x"), ("ani", "000123")])]),
    );

    let xlsx = env.path("r.xlsx");
    let o = env.run(&["export", "--input", s(&input), "--out", s(&xlsx)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "a zip");

    let csv = env.path("r.CSV");
    let o = env.run(&["export", "--input", s(&input), "--out", s(&csv)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV for Excel");
    assert!(String::from_utf8_lossy(&bytes).contains("\"=\"\"000123\"\"\""));

    // --format wins over the name.
    let forced = env.path("r2.xlsx");
    let o = env.run(&[
        "export",
        "--input",
        s(&input),
        "--out",
        s(&forced),
        "--format",
        "csv",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(std::fs::read(&forced).unwrap().starts_with(b"\xEF\xBB\xBF"));

    // An unknown extension without --format is a usage error, in the chosen language.
    let o = env.run(&[
        "export",
        "--input",
        s(&input),
        "--out",
        s(&env.path("r.txt")),
        "--lang",
        "es",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--format xlsx, csv o csv-plain"),
        "{}",
        stderr(&o)
    );
    assert!(!env.path("r.txt").exists());
}

#[test]
fn the_command_exit_codes_follow_the_table() {
    let env = Env::new();
    let good = env.file("in.json", &scrambled());

    // 5: the file cannot be written (a device, a missing folder); nothing is created.
    let o = env.run(&[
        "export",
        "--input",
        s(&good),
        "--out",
        "/dev/null",
        "--format",
        "csv",
    ]);
    assert_eq!(code(&o), 5, "{}", stderr(&o));
    let o = env.run(&[
        "export",
        "--input",
        s(&good),
        "--out",
        s(&env.path("nowhere/r.xlsx")),
        "--lang",
        "es",
    ]);
    assert_eq!(code(&o), 5, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("la carpeta no existe"),
        "{}",
        stderr(&o)
    );

    // 5: the input cannot be read.
    let o = env.run(&[
        "export",
        "--input",
        s(&env.path("none.json")),
        "--out",
        s(&env.path("a.xlsx")),
    ]);
    assert_eq!(code(&o), 5, "{}", stderr(&o));

    // 2: the input is not a report; no source at all.
    let junk = env.file("junk.json", b"<html>not json</html>");
    let o = env.run(&[
        "export",
        "--input",
        s(&junk),
        "--out",
        s(&env.path("a.xlsx")),
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let o = env.run(&["export", "--out", s(&env.path("a.xlsx"))]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));

    // 3: the saved answer is Wolkvox refusing the request.
    let refused = env.file(
        "refused.json",
        br#"{"code":401,"error":"Unauthorized","msg":"Invalid token","data":null}"#,
    );
    let o = env.run(&[
        "export",
        "--input",
        s(&refused),
        "--out",
        s(&env.path("a.xlsx")),
    ]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));

    assert_eq!(
        files_in(env.dir.path())
            .iter()
            .filter(|n| n.ends_with(".xlsx") || n.ends_with(".tmp"))
            .count(),
        0
    );
}

#[test]
fn the_command_exports_a_fresh_fetch_from_the_demo_server() {
    let env = Env::new();
    let out = env.path("demo.xlsx");
    let o = env.run(&[
        "export",
        "--demo",
        "--from",
        "2026-11-25T08:00",
        "--to",
        "2026-11-25T08:59",
        "--out",
        s(&out),
        "--long-ivr",
        "60",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let calls = wb.worksheet_range("Calls").unwrap();
    assert!(calls.height() > 10, "{}", calls.height());
    let s = wb.worksheet_range("Summary").unwrap();
    assert!(
        (0..s.height() as u32)
            .any(|i| cell(&s, i, 0) == Data::String("Long IVR (over 1:00)".into())),
        "--long-ivr reaches the summary"
    );
    // The summary sheet says the calls are demo calls, and for which range.
    let t = Lang::En.texts();
    let value_of = |label: &str| {
        (0..s.height() as u32)
            .find(|&i| cell(&s, i, 0) == Data::String(label.into()))
            .map(|i| cell(&s, i, 1))
    };
    assert_eq!(cell(&s, 1, 0), Data::String(t.export_demo_note.into()));
    assert_eq!(
        value_of(t.page_source),
        Some(Data::String(t.prov_demo.into()))
    );
    let range = value_of(t.page_range).expect("the range asked");
    assert!(range.to_string().contains("2026-11-25"), "{range:?}");
    assert!(value_of(t.export_loaded_at).is_some());
}

#[test]
fn a_partial_fetch_still_writes_the_file_and_exits_4() {
    use std::process::Stdio;
    use wolkvox_ivr::fake::{FakeConfig, FakeServer, Fault, FaultRule, When};
    use wolkvox_ivr::wolkvox::{TimeRange, plan};

    const TOKEN: &str = "export-test-token-0001";
    let at = |y, mo, d, h, mi, s| Stamp::from_parts(y, mo, d, h, mi, s).unwrap();
    let server = FakeServer::start(FakeConfig {
        token: TOKEN.into(),
        generator: GeneratorConfig {
            seed: 7,
            calls_per_day: 300.0,
        },
        now: at(2026, 11, 26, 12, 0, 0).seconds(),
        ..FakeConfig::default()
    })
    .unwrap();
    let whole = TimeRange::new(at(2026, 7, 1, 0, 0, 0), at(2026, 9, 30, 23, 59, 59)).unwrap();
    let august = plan(whole)[1];
    server.inject(FaultRule {
        when: When::DateIni(august.api_bounds().0),
        fault: Fault::ServerError500,
        times: None,
    });

    let env = Env::new();
    std::fs::create_dir_all(env.path("config")).unwrap();
    // Short pauses so the retries of the failing month take milliseconds.
    std::fs::write(
        env.path("config/settings.json"),
        br#"{"busy_pause_ms":5,"retry_pause_ms":5,"request_timeout_secs":10}"#,
    )
    .unwrap();
    let out = env.path("q3.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
        .args([
            "export",
            "--server",
            "0002",
            "--token-stdin",
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--out",
            s(&out),
            "--lang",
            "en",
        ])
        .env("WOLKVOX_IVR_CONFIG_DIR", env.path("config"))
        .env("WOLKVOX_IVR_LOG_DIR", env.path("logs"))
        .env("WOLKVOX_IVR_DATA_DIR", env.path("data"))
        .env("WOLKVOX_IVR_LOOPBACK", server.base_url())
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(TOKEN.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 4, "{}", stderr(&o));
    assert!(stderr(&o).contains("calls written to"), "{}", stderr(&o));
    assert!(!stderr(&o).contains(TOKEN));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("2026-07-"), "July is there");
    assert!(!text.contains("2026-08-"), "August is missing");
    assert!(text.contains("2026-09-"), "September is there");
}

#[test]
fn indices_outside_the_report_are_left_out_not_written_as_holes() {
    let r = tricky();
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Xlsx, Format::CsvPlain] {
        let path = dir.path().join(format!("calls.{}", format.extension()));
        let n = export(&r, &[0, 99, 2], &path, &opts(format, Lang::En), &go_on).unwrap();
        assert_eq!(n, 2, "{format:?}");
    }
    let mut wb: Xlsx<_> = open_workbook(dir.path().join("calls.xlsx")).unwrap();
    let calls = wb.worksheet_range("Calls").unwrap();
    assert_eq!(calls.height(), 3);
    assert_eq!(text(&calls, 2, 0), "C-3");
}

// ---- trend and comparison sheets ----

/// Calls of two weeks at one routing point: in the week of 2026-11-02 three in ten stay in
/// the IVR, in the week of 2026-11-09 seven in ten; one call has no readable date.
fn two_weeks() -> Vec<u8> {
    let mut rows = Vec::new();
    for (week, start) in [(0, 2), (1, 9)] {
        for i in 0..60 {
            let kept = if week == 0 { i % 10 < 3 } else { i % 10 < 7 };
            rows.push(row(&[
                ("conn_id", &format!("{week}.{i}")),
                ("rp_id", "RP_MENU"),
                (
                    "end_date_rp",
                    &format!("2026-11-{:02} 10:{:02}:00", start + i % 3, i),
                ),
                ("time_on_rp", ["00:00:30", "00:01:00", "00:02:30"][i % 3]),
                ("go_to_agent", if kept { "no" } else { "yes" }),
                ("skill_id", "-"),
                ("time_on_skill", "0"),
            ]));
        }
    }
    rows.push(row(&[("conn_id", "nodate"), ("end_date_rp", "-")]));
    body(&rows)
}

fn find_row(range: &calamine::Range<Data>, label: &str) -> u32 {
    (0..range.height() as u32)
        .find(|&i| cell(range, i, 0) == Data::String(label.into()))
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn a_workbook_with_a_comparison_has_the_trend_and_the_comparison_sheets() {
    let env = Env::new();
    let input = env.file("weeks.json", &two_weeks());
    let out = env.path("weeks.xlsx");
    let o = env.run(&[
        "export",
        "--input",
        s(&input),
        "--out",
        s(&out),
        "--a-from",
        "2026-11-02",
        "--a-to",
        "2026-11-08",
        "--b-from",
        "2026-11-09",
        "--b-to",
        "2026-11-15",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Calls", "Summary", "Trend", "Paths", "Comparison"]
    );

    let trend = wb.worksheet_range("Trend").unwrap();
    let header = find_row(&trend, "Date");
    assert_eq!(text(&trend, header, 4), "Retention rate");
    // Six days with calls, one row each, in date order; 20 calls a day.
    let days: Vec<Data> = (header + 1..trend.height() as u32)
        .map(|i| cell(&trend, i, 0))
        .filter(|d| *d != Data::Empty)
        .collect();
    assert_eq!(days.len(), 6, "{days:?}");
    let first = header + 1;
    assert_eq!(cell(&trend, first, 1), Data::Float(20.0));
    // The first day of week A holds calls 0, 3, 6, …: every one of them is long-IVR free.
    assert_eq!(cell(&trend, first, 7), Data::Float(0.0));
    assert!(
        text(&trend, 1, 0).contains("in no day: 1."),
        "{}",
        text(&trend, 1, 0)
    );

    let cmp = wb.worksheet_range("Comparison").unwrap();
    let calls = find_row(&cmp, "Calls");
    assert_eq!(cell(&cmp, calls, 1), Data::Float(60.0));
    assert_eq!(cell(&cmp, calls, 2), Data::Float(60.0));
    let retention = find_row(&cmp, "Retention");
    assert_eq!(cell(&cmp, retention, 1), Data::Float(0.3));
    assert_eq!(cell(&cmp, retention, 2), Data::Float(0.7));
    match cell(&cmp, retention, 3) {
        Data::Float(points) => assert!((points - 40.0).abs() < 1e-9, "{points}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(text(&cmp, retention, 6), "probably real");
    let median = find_row(&cmp, "Median IVR time");
    assert_eq!(cell(&cmp, median, 1), Data::Float(60.0));
    assert_eq!(text(&cmp, median, 6), "within normal variation");
    assert!(matches!(cell(&cmp, median, 7), Data::Float(p) if p > 0.05));
    let rp = find_row(&cmp, "RP_MENU");
    assert_eq!(text(&cmp, rp, 8), "probably real");
}

#[test]
fn spanish_trend_and_comparison_sheets_and_a_csv_refuses_a_comparison() {
    let env = Env::new();
    let input = env.file("weeks.json", &two_weeks());
    let out = env.path("semanas.xlsx");
    let periods = [
        "--a-from",
        "2026-11-02",
        "--a-to",
        "2026-11-08",
        "--b-from",
        "2026-11-09",
        "--b-to",
        "2026-11-15",
        "--lang",
        "es",
    ];
    let mut args = vec!["export", "--input", s(&input), "--out", s(&out)];
    args.extend(periods);
    let o = env.run(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Llamadas",
            "Resumen",
            "Tendencia",
            "Recorridos",
            "Comparación"
        ]
    );
    let cmp = wb.worksheet_range("Comparación").unwrap();
    let retention = find_row(&cmp, "Retención");
    assert_eq!(text(&cmp, retention, 6), "probablemente real");

    let csv = env.path("semanas.csv");
    let mut args = vec!["export", "--input", s(&input), "--out", s(&csv)];
    args.extend(periods);
    let o = env.run(&args);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains(".xlsx"), "{}", stderr(&o));
    assert!(!csv.exists());
}

#[test]
fn from_and_to_on_saved_files_keep_only_the_calls_between() {
    let env = Env::new();
    let input = env.file("weeks.json", &two_weeks());
    let out = env.path("week_b.csv");
    let o = env.run(&[
        "export",
        "--input",
        s(&input),
        "--out",
        s(&out),
        "--format",
        "csv-plain",
        "--from",
        "2026-11-09",
        "--to",
        "2026-11-10",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("40 calls written"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Calls without a readable date left out: 1"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 41);
    assert!(
        text.lines()
            .skip(1)
            .all(|l| l.contains("2026-11-09") || l.contains("2026-11-10"))
    );
}

#[test]
fn an_empty_view_still_has_a_trend_sheet() {
    let r = report_of(&[]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.xlsx");
    export(&r, &[], &path, &opts(Format::Xlsx, Lang::En), &go_on).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let trend = wb.worksheet_range("Trend").unwrap();
    assert_eq!(text(&trend, find_row(&trend, "Date"), 1), "Calls");
}
