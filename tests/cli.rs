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

    // Without --lang, a Spanish computer gets Spanish.
    let os = env.run_with_locale(&["summary", "--input", path_str(&a)], "es_CO.UTF-8");
    assert!(stdout(&os).contains("Llamadas: 2"), "{}", stdout(&os));
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
    // /dev/zero never ends: read, it would run until memory ran out.
    let o = env.run(&["summary", "--input", "/dev/zero", "--lang", "en"]);
    no_panic(&o);
    assert_eq!(code(&o), 5);
    assert!(stderr(&o).contains("not a saved report"), "{}", stderr(&o));
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
