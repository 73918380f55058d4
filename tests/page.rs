//! The report page read back as a browser and a reader would: its numbers against
//! `summary --json` for the same input, nothing fetched and nothing run, no caller data
//! unless asked for, both languages, and the `report` command as a process.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};
use serde_json::{Value, json};
use wolkvox_ivr::export::page::{PageInput, PageSource, render};
use wolkvox_ivr::fake::{GeneratorConfig, first_calls_between, response_body};
use wolkvox_ivr::i18n::{self, Lang};
use wolkvox_ivr::report::values::is_placeholder;
use wolkvox_ivr::report::{Field, Report, Stamp, ViewSpec};

// ---- fixtures ----

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
        let out = Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
            .args(args)
            .env("WOLKVOX_IVR_CONFIG_DIR", self.path("config"))
            .env("WOLKVOX_IVR_LOG_DIR", self.path("logs"))
            .env_remove("RUST_LOG")
            .env("LANG", "C")
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        out
    }
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Generated calls of three days, plus hand-made rows with awkward values: a 6-character
/// customer id, ids with letters, placeholders, unreadable times, an unknown flag.
fn calls_body() -> Vec<u8> {
    let from = Stamp::from_parts(2026, 11, 23, 0, 0, 0)
        .and_then(Stamp::seconds)
        .unwrap();
    let cfg = GeneratorConfig {
        seed: 29,
        calls_per_day: 1500.0,
    };
    let rows = first_calls_between(&cfg, from, from + 3 * 86_400 - 1, 10_000);
    let body: Value = serde_json::from_slice(&response_body(&rows, false)).unwrap();
    let mut data = body["data"].as_array().unwrap().clone();
    let extra = |conn: &str, ivr: &str, ani: &str, customer: &str, flag: &str, rp: &str| {
        json!({
            "conn_id": conn, "time_on_rp": ivr, "end_date_rp": "2026-11-24 10:00:00",
            "rp_id": rp, "ani": ani, "customer_id": customer, "time_on_skill": "-",
            "skill_id": "-", "skill_result": "-", "go_to_agent": flag, "agent_id": "-",
            "agent_name": "<b>Ana & \"Pepe\"</b>", "time_with_agent": "-", "cod_act": "-",
            "cod_act_2": "-", "type_interaction": "inbound", "total_time": "-"
        })
    };
    // The longest IVR time of all, so these callers head the longest-calls table.
    data.push(extra(
        "Q7.99.1",
        "02:00:00",
        "+57X315555",
        "C0FFEE",
        "yes",
        "<RP&1>",
    ));
    data.push(extra(
        "Q7.99.2", "bad", "ANI-SIX1", "000777", "maybe", "RP_X",
    ));
    data.push(extra("-", "-", "-", " ", "-", "-"));
    serde_json::to_vec(&json!({"code": 200, "data": data})).unwrap()
}

fn report_of(body: &[u8]) -> Report {
    let mut r = Report::new();
    r.ingest(body).unwrap();
    r
}

/// Values of 6 or more characters that identify a caller or a call.
fn caller_values(report: &Report) -> Vec<String> {
    let mut values: Vec<String> = report
        .calls()
        .iter()
        .flat_map(|c| {
            [Field::Ani, Field::CustomerId, Field::ConnId]
                .into_iter()
                .filter_map(|f| report.raw(c, f))
        })
        .map(|v| v.trim().to_string())
        .filter(|v| v.chars().count() >= 6 && !is_placeholder(v))
        .collect();
    values.sort();
    values.dedup();
    values
}

fn escaped(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text_of(el: scraper::ElementRef<'_>) -> String {
    el.text().collect::<String>().trim().to_string()
}

/// The value at a dotted key of `summary --json`'s object.
fn json_at<'a>(v: &'a Value, key: &str) -> &'a Value {
    key.split('.').fold(v, |v, k| &v[k])
}

/// How the page writes a value of `summary --json` under `key`, in `lang`.
fn shown(key: &str, v: &Value, lang: Lang) -> String {
    let none = lang.texts().summary_no_value.to_string();
    if v.is_null() {
        return none;
    }
    if key.ends_with("rate") || key.ends_with("share") {
        return i18n::percent(lang, v.as_f64().unwrap());
    }
    if key.starts_with("ivr_time") || key.ends_with("time_mean") {
        return i18n::duration_f(v.as_f64().unwrap());
    }
    i18n::int(lang, v.as_u64().unwrap())
}

/// The page of every call of `r`, made on 2026-12-01 at 08:05.
fn page_of(
    r: &Report,
    spec: &ViewSpec,
    source: PageSource,
    lang: Lang,
    caller_data: bool,
) -> String {
    let rows: Vec<u32> = (0..r.len() as u32).collect();
    render(&PageInput {
        report: r,
        rows: &rows,
        long_ivr_secs: 120,
        source,
        requested: &[],
        missing: &[],
        capped: &[],
        filters: spec,
        lang,
        caller_data,
        generated: jiff::civil::date(2026, 12, 1).at(8, 5, 0, 0),
        periods: None,
    })
    .unwrap()
}

// ---- the numbers ----

#[test]
fn the_numbers_on_the_page_are_those_of_summary_json_in_both_languages() {
    let env = Env::new();
    let input = env.file("calls.json", &calls_body());
    for threshold in ["120", "45"] {
        let summary = env.run(&[
            "summary",
            "--input",
            s(&input),
            "--json",
            "--long-ivr",
            threshold,
        ]);
        assert_eq!(code(&summary), 0);
        let k: Value = serde_json::from_slice(&summary.stdout).unwrap();
        for lang in [Lang::Es, Lang::En] {
            let out = env.path(&format!("page-{lang}-{threshold}.html"));
            let o = env.run(&[
                "--lang",
                lang.code(),
                "report",
                "--input",
                s(&input),
                "--long-ivr",
                threshold,
                "--out",
                s(&out),
            ]);
            assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
            let html = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
            let mut keys = Vec::new();
            for el in html.select(&sel("[data-key]")) {
                let key = el.attr("data-key").unwrap();
                let raw = el.attr("data-value").unwrap();
                let want = json_at(&k, key);
                keys.push(key.to_string());
                match (want, raw) {
                    (Value::Null, raw) => assert_eq!(raw, "null", "{key}"),
                    (Value::Number(n), raw) if n.is_f64() => {
                        let got: f64 = raw.parse().unwrap();
                        let want = n.as_f64().unwrap();
                        assert!((got - want).abs() < 1e-3, "{key}: {got} vs {want}");
                    }
                    (want, raw) => assert_eq!(raw, want.to_string(), "{key}"),
                }
                assert_eq!(text_of(el), shown(key, want, lang), "{key} in {lang}");
            }
            // Every key number of `summary --json` is on the page.
            for key in [
                "calls",
                "transferred",
                "retained",
                "unknown_transfer",
                "retention_rate",
                "transfer_rate",
                "queue_abandons",
                "ivr_time.mean",
                "ivr_time.median",
                "ivr_time.p90",
                "ivr_time.max",
                "long_ivr.calls",
                "long_ivr.share",
                "agent_time_mean",
                "queue_time_mean",
                "repeat_calls_24h",
                "unreadable_values",
            ] {
                assert!(keys.iter().any(|k| k == key), "{key} is not on the page");
            }
            // The routing-point table, row by row, in the same order.
            let rows: Vec<_> = html.select(&sel("table.rp tbody tr")).collect();
            let by_rp = k["by_routing_point"].as_array().unwrap();
            assert_eq!(rows.len(), by_rp.len());
            for (tr, want) in rows.iter().zip(by_rp) {
                let name = want["rp_id"].as_str().unwrap_or("-");
                assert_eq!(tr.attr("data-rp"), Some(name));
                let cells: Vec<&str> = tr
                    .select(&sel("td[data-value]"))
                    .map(|td| td.attr("data-value").unwrap())
                    .collect();
                let expected: Vec<String> =
                    ["calls", "retained", "transferred", "median_ivr", "long_ivr"]
                        .iter()
                        .map(|f| want[f].to_string())
                        .collect();
                assert_eq!(cells, expected, "{name}");
            }
            // The Wolkvox ranges add up to the calls with a readable IVR time.
            let in_buckets: u64 = html
                .select(&sel("td[data-bucket]"))
                .map(|td| td.attr("data-value").unwrap().parse::<u64>().unwrap())
                .sum();
            let readable = (k["long_ivr"]["calls"].as_f64().unwrap()
                / k["long_ivr"]["share"].as_f64().unwrap())
            .round() as u64;
            assert_eq!(in_buckets, readable);
            // The trend, per day for these three days, as `by_day` has it.
            let table = html
                .select(&sel("table.trend"))
                .next()
                .expect("a trend table");
            assert_eq!(table.attr("data-bucket-size"), Some("day"));
            let days: Vec<_> = table.select(&sel("tbody tr")).collect();
            let by_day = k["by_day"].as_array().unwrap();
            assert_eq!(days.len(), by_day.len());
            assert_eq!(days.len(), 3);
            for (tr, want) in days.iter().zip(by_day) {
                assert_eq!(tr.attr("data-when"), want["date"].as_str());
                let cells: Vec<&str> = tr
                    .select(&sel("td[data-value]"))
                    .map(|td| td.attr("data-value").unwrap())
                    .collect();
                assert_eq!(
                    cells[..3],
                    ["calls", "retained", "transferred"].map(|f| want[f].to_string())
                );
                let rate: f64 = cells[3].parse().unwrap();
                assert!((rate - want["retention_rate"].as_f64().unwrap()).abs() < 1e-6);
                assert_eq!(cells[4], want["median_ivr"].to_string());
                let shown: Vec<String> = tr.select(&sel("td")).map(text_of).collect();
                assert_eq!(shown[4], i18n::percent(lang, rate));
            }
            // The ten most frequent paths, counted in calls, in the order of `paths`.
            let paths: Vec<_> = html.select(&sel("table.paths tbody tr")).collect();
            let want_paths = k["paths"].as_array().unwrap();
            assert_eq!(paths.len(), want_paths.len().min(10));
            assert!(paths.len() >= 3, "the input has several paths");
            for (tr, want) in paths.iter().zip(want_paths) {
                let steps: Vec<&str> = want["path"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert_eq!(tr.attr("data-steps"), Some(steps.join(" → ").as_str()));
                let cells: Vec<&str> = tr
                    .select(&sel("td[data-value]"))
                    .map(|td| td.attr("data-value").unwrap())
                    .collect();
                let expected: Vec<String> = [
                    "calls",
                    "transferred",
                    "retained",
                    "unknown",
                    "median_ivr",
                    "long_ivr_calls",
                ]
                .iter()
                .map(|f| want[f].to_string())
                .collect();
                assert_eq!(cells, expected, "{steps:?}");
            }
            let said = html
                .select(&sel("section.paths p.help"))
                .map(text_of)
                .collect::<String>();
            assert!(said.contains(lang.texts().paths_counted_in_calls), "{said}");
            // The longest calls, longest first, led by the longest IVR time of all.
            let longest: Vec<u64> = html
                .select(&sel("section.longest td[data-value]"))
                .map(|td| td.attr("data-value").unwrap().parse().unwrap())
                .collect();
            assert_eq!(longest.len(), 20);
            assert!(longest.windows(2).all(|w| w[0] >= w[1]), "{longest:?}");
            assert_eq!(longest[0], k["ivr_time"]["max"].as_u64().unwrap());
        }
    }
}

#[test]
fn the_comparison_on_the_page_is_that_of_compare_json_with_its_verdicts() {
    let env = Env::new();
    let input = env.file("calls.json", &calls_body());
    let periods = [
        "--a-from",
        "2026-11-23",
        "--a-to",
        "2026-11-23",
        "--b-from",
        "2026-11-24",
        "--b-to",
        "2026-11-25",
    ];
    let mut args = vec!["compare", "--input", s(&input), "--json"];
    args.extend(periods);
    let compared = env.run(&args);
    assert_eq!(code(&compared), 0);
    let c: Value = serde_json::from_slice(&compared.stdout).unwrap();
    for lang in [Lang::Es, Lang::En] {
        let t = lang.texts();
        let out = env.path(&format!("compare-{lang}.html"));
        let mut args = vec![
            "--lang",
            lang.code(),
            "report",
            "--input",
            s(&input),
            "--out",
            s(&out),
        ];
        args.extend(periods);
        let o = env.run(&args);
        assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
        let text = {
            let mut args = vec!["--lang", lang.code(), "compare", "--input", s(&input)];
            args.extend(periods);
            String::from_utf8(env.run(&args).stdout).unwrap()
        };
        let html = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
        let rows: Vec<_> = html.select(&sel("table.compare tbody tr")).collect();
        let keys: Vec<&str> = rows
            .iter()
            .map(|tr| tr.attr("data-delta").unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "retention_rate",
                "transfer_rate",
                "queue_abandon_rate",
                "long_ivr_share",
                "median_ivr"
            ]
        );
        for tr in &rows {
            let key = tr.attr("data-delta").unwrap();
            let want = &c["delta"][key];
            for (attr, field) in [("data-a", "a"), ("data-b", "b"), ("data-diff", "diff")] {
                let td = tr.select(&sel(&format!("td[{attr}]"))).next().unwrap();
                let got = td.attr(attr).unwrap();
                match want[field].as_f64() {
                    Some(w) if key != "median_ivr" => {
                        let g: f64 = got.parse().unwrap();
                        assert!((g - w).abs() < 1e-6, "{key}.{field}: {g} vs {w}");
                    }
                    _ => assert_eq!(got, want[field].to_string(), "{key}.{field}"),
                }
            }
            // The verdict in the words `compare` uses, and the whole line as it says it.
            let cells: Vec<String> = tr.select(&sel("td")).map(text_of).collect();
            assert_eq!(
                cells[4],
                i18n::verdict(t, want["likely_real"].as_bool()),
                "{key}"
            );
            let line = format!(
                "{}: {} → {} ({}, {})",
                cells[0], cells[1], cells[2], cells[3], cells[4]
            );
            assert!(text.contains(&line), "{line} not in:\n{text}");
        }
        let page = html.root_element().text().collect::<String>();
        assert!(page.contains(t.compare_verdict_note));
    }
    // Half the periods is a usage mistake, and no page is written.
    let out = env.path("half.html");
    let o = env.run(&[
        "report",
        "--input",
        s(&input),
        "--a-from",
        "2026-11-23",
        "--out",
        s(&out),
    ]);
    assert_eq!(code(&o), 2);
    assert!(!out.exists());
}

#[test]
fn both_languages_speak_with_their_own_formats() {
    let r = report_of(&calls_body());
    let spec = ViewSpec::default();
    let page = |lang| page_of(&r, &spec, PageSource::Server("0002".into()), lang, false);
    let es = page(Lang::Es);
    let en = page(Lang::En);
    assert!(es.contains("<html lang=\"es\">"));
    assert!(en.contains("<html lang=\"en\">"));
    let calls = r.len() as u64;
    assert!(es.contains(&format!(">{}<", i18n::int(Lang::Es, calls))));
    assert!(en.contains(&format!(">{}<", i18n::int(Lang::En, calls))));
    assert!(es.contains("01/12/2026 08:05:00") && en.contains("2026-12-01 08:05:00"));
    assert!(es.contains("Cifras clave") && es.contains("Wolkvox, servidor 0002"));
    assert!(en.contains("Key numbers") && en.contains("Wolkvox, server 0002"));
    assert!(!es.contains("Key numbers") && !en.contains("Cifras clave"));
    // More routing points than bars: the chart says the table has them all.
    assert!(en.contains(
        "The chart shows the 12 routing points with most calls; the table lists all 14."
    ));
    // Data is escaped wherever it goes, the charts included: a reader sees it as it came.
    for page in [&es, &en] {
        assert!(!page.contains("<RP&1>") && !page.contains("<b>Ana"));
        let html = Html::parse_document(page);
        assert!(
            html.select(&sel("table.rp td"))
                .any(|el| text_of(el) == "<RP&1>")
        );
        assert!(
            html.select(&sel("section.longest td"))
                .any(|el| text_of(el) == "<b>Ana & \"Pepe\"</b>")
        );
    }
}

// ---- one file, nothing fetched ----

#[test]
fn the_page_fetches_nothing_and_runs_nothing() {
    let env = Env::new();
    let input = env.file("calls.json", &calls_body());
    let out = env.path("page.html");
    for extra in [&[][..], &["--with-caller-data"][..]] {
        let mut args = vec!["report", "--input", s(&input), "--out", s(&out)];
        args.extend_from_slice(extra);
        assert_eq!(code(&env.run(&args)), 0);
        let text = std::fs::read_to_string(&out).unwrap();
        let lower = text.to_lowercase();
        for bad in [
            "http://",
            "https://",
            "<script",
            "<link",
            "<img",
            "<iframe",
            "<object",
            "<embed",
            " src=",
            " href=",
            "url(",
            "@import",
            "javascript:",
            " on",
        ] {
            // " on" would start an event handler attribute such as onload=.
            if bad == " on" {
                let html = Html::parse_document(&text);
                for el in html.select(&sel("*")) {
                    for (name, _) in el.value().attrs() {
                        assert!(!name.starts_with("on"), "event handler {name}");
                    }
                }
                continue;
            }
            assert!(!lower.contains(bad), "the page holds {bad}");
        }
        // A browser is told to load nothing, should anything slip in.
        assert!(text.contains("default-src 'none'"));
        let html = Html::parse_document(&text);
        assert_eq!(html.select(&sel("style")).count(), 1);
        assert_eq!(html.select(&sel("svg")).count(), 3);
    }
}

#[test]
fn the_page_does_not_grow_with_the_calls() {
    let from = Stamp::from_parts(2026, 11, 2, 0, 0, 0)
        .and_then(Stamp::seconds)
        .unwrap();
    let cfg = GeneratorConfig {
        seed: 5,
        calls_per_day: 20_000.0,
    };
    let spec = ViewSpec::default();
    let size = |n: usize| {
        let r = report_of(&response_body(
            &first_calls_between(&cfg, from, from + 30 * 86_400, n),
            false,
        ));
        let html = page_of(&r, &spec, PageSource::Demo, Lang::Es, true);
        let elements = Html::parse_document(&html).select(&sel("*")).count();
        (html.len(), elements)
    };
    let (small_bytes, small_elements) = size(2_000);
    let (large_bytes, large_elements) = size(60_000);
    // Bins and routing points, never one element per call.
    assert!(
        large_elements < small_elements + 200,
        "{small_elements} → {large_elements}"
    );
    assert!(large_bytes < 200_000, "{large_bytes} bytes ({small_bytes})");
}

// ---- privacy ----

#[test]
fn callers_stay_off_the_page_unless_asked_for() {
    let body = calls_body();
    let r = report_of(&body);
    let values = caller_values(&r);
    assert!(values.iter().any(|v| v == "C0FFEE"));
    assert!(values.len() > 1000);
    let env = Env::new();
    let input = env.file("calls.json", &body);
    for lang in ["es", "en"] {
        let out = env.path(&format!("private-{lang}.html"));
        let o = env.run(&[
            "--lang",
            lang,
            "report",
            "--input",
            s(&input),
            "--out",
            s(&out),
        ]);
        assert_eq!(code(&o), 0);
        let text = std::fs::read_to_string(&out).unwrap();
        for v in &values {
            assert!(
                !text.contains(v.as_str()) && !text.contains(&escaped(v)),
                "{v} is on the page"
            );
        }
        let html = Html::parse_document(&text);
        let said = html.select(&sel("[data-caller-data]")).next().unwrap();
        assert_eq!(said.attr("data-caller-data"), Some("left-out"));
        let t = Lang::from_locale(lang).texts();
        assert_eq!(text_of(said), t.page_caller_data_off);
        assert!(!text.contains(t.col_ani));
    }
    // Asked for: the longest call's caller is in the table, and the page says so.
    let out = env.path("with.html");
    let o = env.run(&[
        "report",
        "--input",
        s(&input),
        "--out",
        s(&out),
        "--with-caller-data",
    ]);
    assert_eq!(code(&o), 0);
    let text = std::fs::read_to_string(&out).unwrap();
    for v in ["+57X315555", "C0FFEE", "Q7.99.1"] {
        assert!(text.contains(v), "{v}");
    }
    assert!(text.contains("data-caller-data=\"included\""));
}

#[test]
fn the_search_text_shows_only_with_caller_data() {
    let r = report_of(&calls_body());
    let spec = ViewSpec {
        search: "3155550199".into(),
        retained: false,
        routing_point: Some("RP_PAGOS".into()),
        ..ViewSpec::default()
    };
    let page = |caller_data| {
        page_of(
            &r,
            &spec,
            PageSource::Files(vec!["lunes.json".into()]),
            Lang::En,
            caller_data,
        )
    };
    let without = page(false);
    assert!(!without.contains("3155550199"));
    assert!(without.contains("a search (its text is left out with caller data)"));
    assert!(without.contains("only transferred, unknown · routing point RP_PAGOS"));
    assert!(without.contains("Saved report lunes.json"));
    let with = page(true);
    assert!(with.contains("search “3155550199”"));
}

// ---- what it covers ----

#[test]
fn demo_pages_say_so_in_the_title_and_missing_ranges_are_named() {
    let env = Env::new();
    let out = env.path("demo.html");
    let o = env.run(&[
        "--lang",
        "en",
        "report",
        "--demo",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-03",
        "--out",
        s(&out),
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let html = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let title = text_of(html.select(&sel("title")).next().unwrap());
    assert!(title.starts_with("Demo data"), "{title}");
    let h1 = text_of(html.select(&sel("h1")).next().unwrap());
    assert_eq!(h1, title);
    let text = html.root_element().text().collect::<String>();
    assert!(text.contains("2026-11-02 to 2026-11-03"), "the range asked");

    // A saved file's record: its server, the range asked and what is missing.
    let saved = json!({
        "code": 200,
        "data": [{"conn_id": "1", "time_on_rp": "00:01:00", "end_date_rp": "2026-11-05 10:00:00",
                  "go_to_agent": "no", "rp_id": "RP"}],
        wolkvox_ivr::report::META_KEY: {
            "server": "0002",
            "requested": [{"from": "2026-11-01 00:00:00", "to": "2026-11-30 23:59:59"}],
            "missing": [{"from": "2026-11-10 00:00:00", "to": "2026-11-12 23:59:59"}],
            "capped": []
        }
    });
    let input = env.file("nov.json", &serde_json::to_vec(&saved).unwrap());
    let out = env.path("nov.html");
    let o = env.run(&[
        "--lang",
        "es",
        "report",
        "--input",
        s(&input),
        "--out",
        s(&out),
    ]);
    assert_eq!(code(&o), 0);
    let html = Html::parse_document(&std::fs::read_to_string(&out).unwrap());
    let title = text_of(html.select(&sel("title")).next().unwrap());
    assert_eq!(title, "IVR vs. transferido a agente");
    let missing: Vec<String> = html.select(&sel("[data-missing]")).map(text_of).collect();
    assert_eq!(missing, ["10/11/2026 a 12/11/2026"]);
    let text = html.root_element().text().collect::<String>();
    assert!(text.contains("Wolkvox, servidor 0002"));
    assert!(text.contains("01/11/2026 a 30/11/2026"));
}

#[test]
fn zero_calls_make_a_page_that_says_so() {
    let env = Env::new();
    let input = env.file(
        "empty.json",
        br#"{"code":404,"error":null,"msg":"Validate dates entered","data":[]}"#,
    );
    let out = env.path("empty.html");
    let o = env.run(&[
        "--lang",
        "en",
        "report",
        "--input",
        s(&input),
        "--out",
        s(&out),
    ]);
    assert_eq!(code(&o), 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("There are no calls in this report."));
    assert!(!text.contains("<svg"));
}

#[test]
fn bad_targets_are_refused_and_nothing_is_fetched_for_them() {
    let env = Env::new();
    let input = env.file("calls.json", &calls_body());
    // Not an HTML name: refused before anything is read or fetched.
    let o = env.run(&[
        "report",
        "--input",
        s(&input),
        "--out",
        s(&env.path("r.xlsx")),
    ]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains(".html"));
    assert!(!env.path("r.xlsx").exists());
    // A folder named like a page: a file error, the folder untouched.
    let folder = env.path("folder.html");
    std::fs::create_dir(&folder).unwrap();
    let o = env.run(&["report", "--input", s(&input), "--out", s(&folder)]);
    assert_eq!(code(&o), 5);
    assert!(folder.is_dir());
    // An earlier page is replaced only by a complete one.
    let page = env.file("old.html", b"old page");
    let o = env.run(&[
        "report",
        "--input",
        s(&env.path("nothing.json")),
        "--out",
        s(&page),
    ]);
    assert_eq!(code(&o), 5);
    assert_eq!(std::fs::read(&page).unwrap(), b"old page");
}
