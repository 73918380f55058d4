//! The command line run as a process, as a scheduler or a supervisor would: exit codes,
//! messages in both languages, JSON output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with_locale(args, "C")
    }

    fn run_in(&self, config: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
            .args(args)
            .env("WOLKVOX_IVR_CONFIG_DIR", config)
            .env("WOLKVOX_IVR_LOG_DIR", self.dir.path().join("logs"))
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    }

    fn run_with_locale(&self, args: &[&str], locale: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
            .args(args)
            .env("WOLKVOX_IVR_CONFIG_DIR", self.dir.path().join("config"))
            .env("WOLKVOX_IVR_LOG_DIR", self.dir.path().join("logs"))
            .env("WOLKVOX_IVR_DATA_DIR", self.dir.path().join("data"))
            .env_remove("RUST_LOG")
            .env_remove("LANGUAGE")
            .env("LANG", locale)
            .env("LC_ALL", locale)
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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn no_panic(o: &Output) {
    let e = stderr(o);
    assert!(
        !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
        "{e}"
    );
}

fn response(rows: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&json!({"code": 200, "error": null, "msg": "x", "data": rows})).unwrap()
}

fn call(conn: &str, ivr: &str, transferred: &str, when: &str) -> Value {
    json!({
        "conn_id": conn, "time_on_rp": ivr, "end_date_rp": when, "rp_id": "RP_MENU",
        "ani": "+573001234567", "customer_id": "000123", "time_on_skill": "00:00:10",
        "skill_id": "SK1", "skill_result": "OK", "go_to_agent": transferred,
        "agent_id": "AG1", "agent_name": "Ana", "time_with_agent": "00:04:00",
        "cod_act": "VENTA", "cod_act_2": "-", "type_interaction": "inbound",
        "total_time": "00:05:00"
    })
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn summary_json_has_the_key_numbers_of_merged_files() {
    let env = Env::new();
    let a = env.file(
        "a.json",
        &response(&[
            call("1", "00:00:30", "yes", "2026-11-25 08:00:00"),
            call("2", "00:03:00", "no", "2026-11-25 09:00:00"),
        ]),
    );
    let b = env.file(
        "b.json",
        &response(&[
            call("2", "00:03:00", "yes", "2026-11-25 09:00:00"),
            call("3", "00:01:00", "no", "2026-11-25 10:00:00"),
        ]),
    );
    let o = env.run(&["summary", "--input", path_str(&a), path_str(&b), "--json"]);
    no_panic(&o);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["calls"], 3);
    assert_eq!(j["transferred"], 2);
    assert_eq!(j["retained"], 1);
    assert_eq!(j["ivr_time"]["median"], 60);
    assert_eq!(j["ivr_time"]["max"], 180);
    assert_eq!(j["long_ivr"]["threshold"], 120);
    assert_eq!(j["long_ivr"]["calls"], 1);
    assert_eq!(j["repeat_calls_24h"], 2);
    assert_eq!(j["by_routing_point"][0]["rp_id"], "RP_MENU");

    let o = env.run(&[
        "summary",
        "--input",
        path_str(&a),
        "--json",
        "--long-ivr",
        "20",
    ]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["long_ivr"]["threshold"], 20);
    assert_eq!(j["long_ivr"]["calls"], 2);
}

/// A row of call `conn` at routing point `rp`; an empty `conn` leaves the call id out.
fn step(conn: &str, rp: &str, ivr: &str, transferred: &str, when: &str) -> Value {
    let mut r = call(conn, ivr, transferred, when);
    r["rp_id"] = json!(rp);
    if conn.is_empty() {
        r.as_object_mut().unwrap().remove("conn_id");
    }
    r
}

#[test]
fn summary_json_counts_calls_and_their_paths_beside_the_rows() {
    let env = Env::new();
    // Rows arrive out of order; b.json brings a later copy of X's RP_B row.
    let a = env.file(
        "a.json",
        &response(&[
            step("X", "RP_B", "00:01:00", "no", "2026-11-25 08:00:40"),
            step("Y", "RP_MENU", "00:00:20", "no", "2026-11-25 08:05:00"),
            step("X", "RP_MENU", "00:00:30", "no", "2026-11-25 08:00:00"),
            step("", "RP_MENU", "00:00:10", "no", "2026-11-25 08:09:00"),
            step("U", "-", "00:00:05", "no", "-"),
            step("U", "RP_MENU", "00:00:05", "-", "2026-11-25 08:10:00"),
        ]),
    );
    let b = env.file(
        "b.json",
        &response(&[step("X", "RP_B", "00:02:00", "yes", "2026-11-25 08:00:40")]),
    );
    let o = env.run(&["summary", "--input", path_str(&a), path_str(&b), "--json"]);
    no_panic(&o);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    // `calls` keeps counting rows; the new keys count calls.
    assert_eq!(j["calls"], 6);
    assert_eq!(j["by_routing_point"][0]["rp_id"], "RP_MENU");
    assert_eq!(j["distinct_calls"], 4);
    assert_eq!(j["multi_step_calls"], 2);
    assert_eq!(j["paths_total"], 3);
    assert_eq!(
        j["paths"],
        json!([
            {"path": ["RP_MENU"], "calls": 2, "transferred": 0, "retained": 2, "unknown": 0,
             "median_ivr": 10, "long_ivr_calls": 0},
            // The undated row comes after the dated one.
            {"path": ["RP_MENU", "-"], "calls": 1, "transferred": 0, "retained": 0,
             "unknown": 1, "median_ivr": 10, "long_ivr_calls": 0},
            {"path": ["RP_MENU", "RP_B"], "calls": 1, "transferred": 1, "retained": 0,
             "unknown": 0, "median_ivr": 150, "long_ivr_calls": 1}
        ])
    );

    let o = env.run(&[
        "summary",
        "--input",
        path_str(&a),
        path_str(&b),
        "--lang",
        "en",
    ]);
    let text = stdout(&o);
    assert!(text.contains("Paths through the routing points"), "{text}");
    assert!(text.contains("Calls (distinct call ids): 4"), "{text}");
    assert!(
        text.contains("Calls through two routing points or more: 2"),
        "{text}"
    );
    assert!(text.contains("RP_MENU → RP_B"), "{text}");
    let o = env.run(&[
        "summary",
        "--input",
        path_str(&a),
        path_str(&b),
        "--lang",
        "es",
    ]);
    let text = stdout(&o);
    assert!(
        text.contains("Recorridos por los puntos de enrutamiento"),
        "{text}"
    );
    assert!(
        text.contains("Llamadas (ids de llamada distintos): 4"),
        "{text}"
    );
}

#[test]
fn summary_json_lists_the_fifty_most_frequent_paths() {
    let env = Env::new();
    let mut rows = Vec::new();
    for k in 0..60 {
        // Path k is taken by 60 - k calls, so the order is known.
        for c in 0..(60 - k) {
            let conn = format!("{k}.{c}");
            rows.push(step(&conn, "MENU", "00:00:10", "no", "2026-11-25 08:00:00"));
            rows.push(step(
                &conn,
                &format!("OPT{k:02}"),
                "00:00:10",
                "no",
                "2026-11-25 08:00:09",
            ));
        }
    }
    let f = env.file("many.json", &response(&rows));
    let o = env.run(&["summary", "--input", path_str(&f), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["paths_total"], 60);
    let paths = j["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 50);
    assert_eq!(paths[0]["path"], json!(["MENU", "OPT00"]));
    assert_eq!(paths[0]["calls"], 60);
    assert_eq!(paths[49]["path"], json!(["MENU", "OPT49"]));
    let o = env.run(&["summary", "--input", path_str(&f), "--lang", "en"]);
    assert!(
        stdout(&o).contains("The 10 most frequent of 60 paths:"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn summary_speaks_spanish_and_english() {
    let env = Env::new();
    let a = env.file(
        "a.json",
        &response(&[
            call("1", "00:00:30", "yes", "2026-11-25 08:00:00"),
            call("2", "00:03:00", "no", "2026-11-25 09:00:00"),
        ]),
    );
    let es = env.run(&["summary", "--input", path_str(&a), "--lang", "es"]);
    assert_eq!(code(&es), 0);
    let text = stdout(&es);
    assert!(text.contains("Llamadas: 2"), "{text}");
    assert!(text.contains("Retenidas en el IVR: 1 (50,0 %)"), "{text}");
    assert!(text.contains("mediana 0:30"), "{text}");
    assert!(text.contains("Por punto de enrutamiento"), "{text}");

    let en = env.run(&["summary", "--input", path_str(&a), "--lang", "en"]);
    let text = stdout(&en);
    assert!(text.contains("Calls: 2"), "{text}");
    assert!(text.contains("Retained in the IVR: 1 (50.0%)"), "{text}");
    assert!(text.contains("Long IVR (over 2:00): 1 (50.0%)"), "{text}");

    // Without --lang, a Spanish computer gets Spanish. Windows and macOS take the
    // language from their own settings, not from LANG, so only elsewhere can a test pick it.
    if cfg!(not(any(windows, target_os = "macos"))) {
        let os = env.run_with_locale(&["summary", "--input", path_str(&a)], "es_CO.UTF-8");
        assert!(stdout(&os).contains("Llamadas: 2"), "{}", stdout(&os));
    }
}

#[test]
fn zero_calls_is_success() {
    let env = Env::new();
    let f = env.file(
        "none.json",
        br#"{"code":404,"error":null,"msg":"Validate dates entered"}"#,
    );
    let o = env.run(&["summary", "--input", path_str(&f), "--lang", "en"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("There are no calls"));
    let o = env.run(&["summary", "--input", path_str(&f), "--json"]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["calls"], 0);
    assert!(j["ivr_time"]["median"].is_null());
}

#[test]
fn a_missing_file_is_a_file_error() {
    let env = Env::new();
    let missing = env.dir.path().join("nope.json");
    let o = env.run(&["summary", "--input", path_str(&missing), "--lang", "es"]);
    no_panic(&o);
    assert_eq!(code(&o), 5);
    assert!(stderr(&o).contains("No se pudo abrir"), "{}", stderr(&o));
    assert!(stderr(&o).contains("no existe"), "{}", stderr(&o));
    let o = env.run(&["summary", "--input", path_str(&missing), "--lang", "en"]);
    assert_eq!(code(&o), 5);
    assert!(stderr(&o).contains("could not be opened"), "{}", stderr(&o));
    // A folder is not a file either.
    let o = env.run(&[
        "summary",
        "--input",
        path_str(env.dir.path()),
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 5);
}

#[test]
fn devices_and_huge_files_are_refused_before_they_are_read() {
    let env = Env::new();
    if cfg!(unix) {
        // /dev/zero never ends: read, it would run until memory ran out.
        let o = env.run(&["summary", "--input", "/dev/zero", "--lang", "en"]);
        no_panic(&o);
        assert_eq!(code(&o), 5);
        assert!(stderr(&o).contains("not a saved report"), "{}", stderr(&o));
    }
    // A 3 GB file that takes no disk space.
    let huge = env.dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(3_000_000_000)
        .unwrap();
    let out = env.dir.path().join("out.csv");
    let o = env.run(&[
        "export",
        "--input",
        path_str(&huge),
        "--out",
        path_str(&out),
        "--lang",
        "es",
    ]);
    no_panic(&o);
    assert_eq!(code(&o), 5);
    assert!(stderr(&o).contains("pesa 3,0 GB"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn files_that_are_not_reports_are_usage_errors() {
    let env = Env::new();
    let cases: [(&str, &[u8]); 5] = [
        ("page.json", b"<html><body>Error 502</body></html>"),
        ("cut.json", br#"{"code":200,"data":[{"conn_id":"1""#),
        ("list.json", b"[1,2,3]"),
        ("empty.json", b""),
        (
            "binary.json",
            &[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0],
        ),
    ];
    for (name, bytes) in cases {
        let f = env.file(name, bytes);
        let o = env.run(&["summary", "--input", path_str(&f), "--lang", "es"]);
        no_panic(&o);
        assert_eq!(code(&o), 2, "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("no es un reporte de Wolkvox"),
            "{name}: {}",
            stderr(&o)
        );
        let o = env.run(&["summary", "--input", path_str(&f), "--lang", "en"]);
        assert!(
            stderr(&o).contains("is not a Wolkvox"),
            "{name}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_saved_refusal_is_exit_3_with_the_servers_words() {
    let env = Env::new();
    let f = env.file(
        "err.json",
        br#"{"code":403,"error":"FORBIDDEN","msg":"PLEASE VALIDATE TOKEN"}"#,
    );
    let o = env.run(&["summary", "--input", path_str(&f), "--lang", "es"]);
    assert_eq!(code(&o), 3);
    assert!(stderr(&o).contains("Wolkvox rechazó"), "{}", stderr(&o));
    assert!(stderr(&o).contains("PLEASE VALIDATE TOKEN"));
}

#[test]
fn bad_usage_is_explained_in_the_chosen_language() {
    let env = Env::new();
    let o = env.run(&["summary", "--bogus", "--lang", "es"]);
    no_panic(&o);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("No conozco la opción --bogus"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("wolkvox-ivr --help"));

    let o = env.run(&["summary", "--lang", "en"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--input"), "{}", stderr(&o));

    let o = env.run(&[
        "summary",
        "--input",
        "x.json",
        "--long-ivr",
        "abc",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("\"abc\" is not valid for --long-ivr"),
        "{}",
        stderr(&o)
    );

    let o = env.run(&["frobnicate", "--lang", "es"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("frobnicate"), "{}", stderr(&o));

    let o = env.run(&["summary", "--lang", "fr"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("\"fr\""), "{}", stderr(&o));
}

#[test]
fn help_exits_zero() {
    let env = Env::new();
    let o = env.run(&["--help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("summary"));
}

#[test]
fn the_saved_language_preference_is_used() {
    let env = Env::new();
    let config = env.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("settings.json"),
        br#"{"language":"es","long_ivr_secs":20}"#,
    )
    .unwrap();
    let a = env.file(
        "a.json",
        &response(&[call("1", "00:00:30", "yes", "2026-11-25 08:00:00")]),
    );
    let o = env.run(&["summary", "--input", path_str(&a)]);
    assert!(
        stdout(&o).contains("IVR largo (más de 0:20): 1"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_user_folder_with_accents_and_spaces_works_throughout() {
    // As on a computer whose user is "José Núñez": C:\Users\José Núñez\AppData\…
    let env = Env::new();
    let home = env.dir.path().join("Users").join("José Núñez");
    let config = home.join("AppData").join("Roaming").join("wolkvox-ivr");
    let logs = home
        .join("AppData")
        .join("Local")
        .join("wolkvox-ivr")
        .join("logs");
    let reports = home.join("Documents").join("Informes de año");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(config.join("settings.json"), br#"{"long_ivr_secs": 90}"#).unwrap();
    let input = reports.join("llamadas de noviembre.json");
    std::fs::write(
        &input,
        response(&[
            call("1", "00:00:30", "yes", "2026-11-25 08:00:00"),
            call("2", "00:03:00", "no", "2026-11-25 09:00:00"),
        ]),
    )
    .unwrap();
    let out = reports.join("reporte ñandú.xlsx");
    let o = Command::new(env!("CARGO_BIN_EXE_wolkvox-ivr"))
        .args(["export", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--lang", "es"])
        .env("WOLKVOX_IVR_CONFIG_DIR", &config)
        .env("WOLKVOX_IVR_LOG_DIR", &logs)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    no_panic(&o);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // The message names the file as the system spells it.
    assert!(stderr(&o).contains("reporte ñandú.xlsx"), "{}", stderr(&o));
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
    let logged: Vec<_> = std::fs::read_dir(&logs).unwrap().collect();
    assert_eq!(logged.len(), 1, "one log file in the accented folder");
    // The preferences in the accented folder were read: 90 s is the threshold.
    let o = env.run_in(&config, &["summary", "--input", path_str(&input), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["long_ivr"]["threshold"], 90);
}

// ---- periods: --from/--to on saved files, compare, by_day ----

fn call_at(conn: &str, rp: &str, ivr: &str, transferred: &str, when: &str) -> Value {
    let mut c = call(conn, ivr, transferred, when);
    c["rp_id"] = json!(rp);
    c
}

/// Two weeks at RP_MENU: 90 calls in the week of 2026-11-02 (3 in 10 stay in the IVR),
/// 90 in the week of 2026-11-09 (7 in 10 stay); IVR times 0:30, 1:00 and 2:30 in equal
/// shares in both. RP_PAGOS has 9 calls in the first week only. One call has no date.
fn two_weeks() -> Vec<u8> {
    let mut rows = Vec::new();
    for (week, start) in [(0usize, 2usize), (1, 9)] {
        for i in 0..90usize {
            let kept = if week == 0 { i % 10 < 3 } else { i % 10 < 7 };
            rows.push(call_at(
                &format!("{week}.{i}"),
                "RP_MENU",
                ["00:00:30", "00:01:00", "00:02:30"][i % 3],
                if kept { "no" } else { "yes" },
                &format!("2026-11-{:02} 09:{:02}:00", start + i % 5, i % 60),
            ));
        }
    }
    for i in 0..9 {
        rows.push(call_at(
            &format!("p{i}"),
            "RP_PAGOS",
            "00:00:45",
            "yes",
            "2026-11-03 11:00:00",
        ));
    }
    rows.push(call_at("nodate", "RP_MENU", "00:00:45", "yes", "-"));
    response(&rows)
}

const WEEKS: [&str; 8] = [
    "--a-from",
    "2026-11-02",
    "--a-to",
    "2026-11-08",
    "--b-from",
    "2026-11-09",
    "--b-to",
    "2026-11-15",
];

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn summary_json_has_one_entry_per_day_and_the_undated_calls() {
    let env = Env::new();
    let f = env.file(
        "days.json",
        &response(&[
            call("1", "00:00:30", "no", "2026-11-25 08:00:00"),
            call("2", "00:03:00", "yes", "2026-11-24 23:59:59"),
            call("3", "00:01:00", "no", "2026-11-25 10:00:00"),
            call("4", "00:02:10", "yes", "2026-11-25 11:00:00"),
            call("5", "00:01:00", "yes", "not a date"),
        ]),
    );
    let o = env.run(&["summary", "--input", path_str(&f), "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["undated_calls"], 1);
    // The key numbers stay at the top level, beside the new keys.
    assert_eq!(j["calls"], 5);
    let days = j["by_day"].as_array().unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(
        keys(&days[0]),
        [
            "calls",
            "date",
            "long_ivr_calls",
            "median_ivr",
            "p90_ivr",
            "queue_abandons",
            "retained",
            "retention_rate",
            "transferred"
        ]
    );
    assert_eq!(days[0]["date"], "2026-11-24");
    assert_eq!(days[0]["calls"], 1);
    assert_eq!(days[0]["retention_rate"], 0.0);
    assert_eq!(days[1]["date"], "2026-11-25");
    assert_eq!(days[1]["calls"], 3);
    assert_eq!(days[1]["retained"], 2);
    assert_eq!(days[1]["transferred"], 1);
    assert_eq!(days[1]["median_ivr"], 60);
    assert_eq!(days[1]["p90_ivr"], 130);
    assert_eq!(days[1]["long_ivr_calls"], 1);
    // Both retained calls reached skill SK1.
    assert_eq!(days[1]["queue_abandons"], 2);

    let empty = env.file("none.json", br#"{"code":200,"data":[]}"#);
    let o = env.run(&["summary", "--input", path_str(&empty), "--json"]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["by_day"], json!([]));
    assert_eq!(j["undated_calls"], 0);
}

#[test]
fn from_and_to_keep_only_the_calls_between_and_count_the_undated() {
    let env = Env::new();
    let f = env.file(
        "nov.json",
        &response(&[
            call("1", "00:00:30", "no", "2026-11-09 23:59:59"),
            call("2", "00:00:30", "no", "2026-11-10 00:00:00"),
            call("3", "00:00:30", "yes", "2026-11-12 23:59:59"),
            call("4", "00:00:30", "yes", "2026-11-13 00:00:00"),
            call("5", "00:00:30", "yes", "-"),
        ]),
    );
    let args = |extra: &[&str]| {
        let mut v = vec!["summary", "--input", path_str(&f), "--json", "--lang", "en"];
        v.extend(extra);
        env.run(&v)
    };
    let o = args(&["--from", "2026-11-10", "--to", "2026-11-12"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["calls"], 2);
    assert_eq!(j["undated_calls"], 0);
    assert!(
        stderr(&o).contains("Calls without a readable date left out: 1"),
        "{}",
        stderr(&o)
    );
    // One end alone is enough; a time with minutes covers that whole minute.
    let o = args(&["--to", "2026-11-10T00:00"]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["calls"], 2);
    // Without them every call counts, also the undated one, and nothing is said.
    let o = args(&[]);
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["calls"], 5);
    assert!(!stderr(&o).contains("left out"), "{}", stderr(&o));
    let o = args(&["--from", "2026-11-12", "--to", "2026-11-10"]);
    assert_eq!(code(&o), 2);
    let o = args(&["--from", "2026-13-01"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

#[test]
fn compare_json_has_both_summaries_the_deltas_and_each_routing_point() {
    let env = Env::new();
    let f = env.file("weeks.json", &two_weeks());
    let mut args = vec!["compare", "--input", path_str(&f), "--json", "--lang", "en"];
    args.extend(WEEKS);
    let o = env.run(&args);
    no_panic(&o);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(keys(&j), ["a", "b", "by_routing_point", "delta"]);
    // Each side is a summary object, by_day included.
    assert_eq!(j["a"]["calls"], 99);
    assert_eq!(j["b"]["calls"], 90);
    assert_eq!(j["a"]["by_day"].as_array().unwrap().len(), 5);
    assert_eq!(j["b"]["by_routing_point"][0]["rp_id"], "RP_MENU");
    // The undated call is in neither period, and that is said.
    assert!(stderr(&o).contains("left out: 1"), "{}", stderr(&o));

    let d = &j["delta"];
    assert_eq!(
        keys(d),
        [
            "long_ivr_share",
            "median_ivr",
            "queue_abandon_rate",
            "retention_rate",
            "transfer_rate"
        ]
    );
    let r = &d["retention_rate"];
    assert_eq!(keys(r), ["a", "b", "diff", "high", "likely_real", "low"]);
    assert_eq!(r["a"].as_f64().unwrap(), 27.0 / 99.0);
    assert_eq!(r["b"].as_f64().unwrap(), 0.7);
    assert!(r["diff"].as_f64().unwrap() > 0.4);
    assert!(r["low"].as_f64().unwrap() > 0.0);
    assert_eq!(r["likely_real"], true);
    assert_eq!(d["transfer_rate"]["likely_real"], true);
    assert!(d["transfer_rate"]["diff"].as_f64().unwrap() < 0.0);
    let m = &d["median_ivr"];
    assert_eq!(keys(m), ["a", "b", "diff", "likely_real", "p_value"]);
    assert_eq!(m["b"], 60);
    assert_eq!(m["likely_real"], false);

    let rps = j["by_routing_point"].as_array().unwrap();
    assert_eq!(rps.len(), 2);
    assert_eq!(
        keys(&rps[0]),
        [
            "a_calls",
            "b_calls",
            "long_ivr_share",
            "median_ivr",
            "retention_rate",
            "rp_id"
        ]
    );
    assert_eq!(rps[0]["rp_id"], "RP_MENU");
    assert_eq!(
        (rps[0]["a_calls"].clone(), rps[0]["b_calls"].clone()),
        (json!(90), json!(90))
    );
    assert_eq!(rps[0]["retention_rate"]["likely_real"], true);
    assert_eq!(rps[0]["long_ivr_share"]["diff"], 0.0);
    assert_eq!(rps[0]["long_ivr_share"]["likely_real"], false);
    assert_eq!(rps[0]["median_ivr"]["p_value"], 1.0);
    // Absent from period B: its counts are 0 and its differences null, sorted last.
    assert_eq!(rps[1]["rp_id"], "RP_PAGOS");
    assert_eq!(rps[1]["b_calls"], 0);
    assert_eq!(rps[1]["retention_rate"]["a"], 0.0);
    assert!(rps[1]["retention_rate"]["b"].is_null());
    assert!(rps[1]["retention_rate"]["diff"].is_null());
    assert!(rps[1]["retention_rate"]["likely_real"].is_null());
    assert!(rps[1]["median_ivr"]["p_value"].is_null());
}

#[test]
fn compare_speaks_spanish_and_english() {
    let env = Env::new();
    let f = env.file("weeks.json", &two_weeks());
    let run = |lang: &str| {
        let mut args = vec!["compare", "--input", path_str(&f), "--lang", lang];
        args.extend(WEEKS);
        let o = env.run(&args);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o)
    };
    let es = run("es");
    for want in [
        "Periodo A frente al periodo B",
        "A: 02/11/2026 00:00:00 – 08/11/2026 23:59:59 · 99 llamadas",
        "B: 09/11/2026 00:00:00 – 15/11/2026 23:59:59 · 90 llamadas",
        "Las cifras cuentan filas",
        "Retención: 27,3 % → 70,0 % (+42,7 puntos, probablemente real)",
        "RP_MENU: 90 llamadas en A, 90 en B",
        "    Retención: 30,0 % → 70,0 % (+40,0 puntos, probablemente real)",
        "    IVR largo (más de 2:00): 33,3 % → 33,3 % (+0,0 puntos, dentro de la variación normal)",
        "    Mediana del tiempo en IVR: 1:00 → 1:00 (+0:00, dentro de la variación normal)",
        "RP_PAGOS: 9 llamadas en A, 0 en B",
        "    Retención: 0,0 % → sin datos",
        "\"Probablemente real\" quiere decir",
    ] {
        assert!(es.contains(want), "{want}\n{es}");
    }
    assert!(!es.contains("superponen"), "{es}");
    let en = run("en");
    for want in [
        "Period A against period B",
        "A: 2026-11-02 00:00:00 – 2026-11-08 23:59:59 · 99 calls",
        "Retention: 27.3% → 70.0% (+42.7 points, probably real)",
        "Transfer: 72.7% → 30.0% (-42.7 points, probably real)",
        "    Long IVR (over 2:00): 33.3% → 33.3% (+0.0 points, within normal variation)",
        "\"Probably real\" means",
    ] {
        assert!(en.contains(want), "{want}\n{en}");
    }
}

#[test]
fn overlapping_and_empty_periods_are_said_and_succeed() {
    let env = Env::new();
    let f = env.file("weeks.json", &two_weeks());
    let run = |extra: &[&str]| {
        let mut args = vec!["compare", "--input", path_str(&f)];
        args.extend(extra);
        env.run(&args)
    };
    let o = run(&[
        "--a-from",
        "2026-11-02",
        "--a-to",
        "2026-11-09",
        "--b-from",
        "2026-11-09",
        "--b-to",
        "2026-11-15",
        "--lang",
        "es",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("Los periodos se superponen del 09/11/2026 00:00:00 al 09/11/2026 23:59:59"),
        "{}",
        stdout(&o)
    );

    let empty_b = [
        "--a-from",
        "2026-11-02",
        "--a-to",
        "2026-11-08",
        "--b-from",
        "2026-12-01",
        "--b-to",
        "2026-12-07",
        "--lang",
        "en",
    ];
    let o = run(&empty_b);
    no_panic(&o);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("Period B has no calls between 2026-12-01 00:00:00 and 2026-12-07 23:59:59"),
        "{}",
        stdout(&o)
    );
    assert!(!stdout(&o).contains("Retention:"), "{}", stdout(&o));
    let mut json_args = empty_b.to_vec();
    json_args.push("--json");
    let o = run(&json_args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Period B has no calls"),
        "{}",
        stderr(&o)
    );
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["b"]["calls"], 0);
    assert!(j["delta"]["retention_rate"]["b"].is_null());
    assert!(j["delta"]["retention_rate"]["diff"].is_null());
    assert!(j["delta"]["median_ivr"]["p_value"].is_null());
    assert_eq!(j["delta"]["median_ivr"]["a"], 60);
}

#[test]
fn compare_usage_errors_and_exit_codes_are_those_of_summary() {
    let env = Env::new();
    let f = env.file("weeks.json", &two_weeks());
    let o = env.run(&[
        "compare",
        "--input",
        path_str(&f),
        "--a-from",
        "2026-11-02",
        "--lang",
        "en",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--b-to"), "{}", stderr(&o));
    let o = env.run(&[
        "compare",
        "--input",
        path_str(&f),
        "--a-from",
        "2026-11-08",
        "--a-to",
        "2026-11-02",
        "--b-from",
        "2026-11-09",
        "--b-to",
        "2026-11-15",
        "--lang",
        "es",
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("El periodo A termina antes de empezar"),
        "{}",
        stderr(&o)
    );
    let missing = env.dir.path().join("nope.json");
    let mut args = vec!["compare", "--input", path_str(&missing)];
    args.extend(WEEKS);
    assert_eq!(code(&env.run(&args)), 5);
    let refused = env.file(
        "refused.json",
        br#"{"code":403,"error":"FORBIDDEN","msg":"PLEASE VALIDATE TOKEN"}"#,
    );
    let mut args = vec!["compare", "--input", path_str(&refused)];
    args.extend(WEEKS);
    assert_eq!(code(&env.run(&args)), 3);
}

#[test]
fn compare_fetches_both_periods_from_the_demo_server() {
    let env = Env::new();
    let o = env.run(&[
        "compare",
        "--demo",
        "--a-from",
        "2026-11-24T08:00",
        "--a-to",
        "2026-11-24T08:59",
        "--b-from",
        "2026-11-25T08:00",
        "--b-to",
        "2026-11-25T08:59",
        "--json",
    ]);
    no_panic(&o);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let j: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        j["a"]["calls"].as_u64().unwrap() > 10,
        "{}",
        j["a"]["calls"]
    );
    assert!(
        j["b"]["calls"].as_u64().unwrap() > 10,
        "{}",
        j["b"]["calls"]
    );
    assert_eq!(j["a"]["by_day"][0]["date"], "2026-11-24");
    assert!(j["delta"]["retention_rate"]["diff"].is_number());
    assert!(!j["by_routing_point"].as_array().unwrap().is_empty());
}
