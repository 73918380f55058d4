//! The typed report and its key numbers, on hand-written bodies whose figures were
//! computed by hand.

use serde_json::{Value, json};
use wolkvox_ivr::report::{Field, KeyNumbers, ReadError, Report, Transfer};

/// A full row with sensible values; `over` replaces or adds fields.
fn row(over: Value) -> Value {
    let mut base = json!({
        "conn_id": "12462.0277.1782402643.44005",
        "time_on_rp": "00:00:45",
        "end_date_rp": "2026-11-25 10:00:00",
        "rp_id": "RP_MENU",
        "ani": "+573001234567",
        "customer_id": "000123",
        "time_on_skill": "00:00:10",
        "skill_id": "SK_VENTAS",
        "skill_result": "OK",
        "go_to_agent": "yes",
        "agent_id": "AG1",
        "agent_name": "Ana María Gómez",
        "time_with_agent": "00:05:00",
        "cod_act": "VENTA",
        "cod_act_2": "PLAN_A",
        "type_interaction": "inbound",
        "total_time": "00:05:45"
    });
    if let (Some(b), Some(o)) = (base.as_object_mut(), over.as_object()) {
        for (k, v) in o {
            if v.is_null() && k.starts_with('!') {
                b.remove(&k[1..]);
            } else {
                b.insert(k.clone(), v.clone());
            }
        }
    }
    base
}

fn body(rows: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "code": 200, "error": null, "msg": format!("{} records were found", rows.len()), "data": rows
    }))
    .unwrap()
}

fn read(bytes: &[u8]) -> Result<Report, ReadError> {
    let mut r = Report::new();
    r.ingest(bytes).map(|_| r)
}

fn numbers(rows: Vec<Value>) -> KeyNumbers {
    let r = read(&body(rows)).unwrap();
    KeyNumbers::of_report(&r, 120)
}

#[test]
fn every_envelope_shape_gives_its_rows() {
    let one = row(json!({}));
    let cases: Vec<(&str, String, usize)> = vec![
        (
            "code as number",
            format!(r#"{{"code":200,"error":null,"msg":"x","data":[{one},{one}]}}"#),
            1,
        ),
        (
            "code as string",
            format!(r#"{{"code":"200","data":[{one}]}}"#),
            1,
        ),
        (
            "data one object",
            format!(r#"{{"code":200,"data":{one}}}"#),
            1,
        ),
        ("data empty list", r#"{"code":200,"data":[]}"#.into(), 0),
        ("data null", r#"{"code":200,"data":null}"#.into(), 0),
        (
            "data missing",
            r#"{"code":200,"msg":"0 records were found"}"#.into(),
            0,
        ),
        ("data empty text", r#"{"code":200,"data":""}"#.into(), 0),
        ("no code, data only", format!(r#"{{"data":[{one}]}}"#), 1),
        (
            "404 body",
            r#"{"code":404,"error":null,"msg":"Validate dates entered"}"#.into(),
            0,
        ),
        (
            "404 as text with empty data",
            r#"{"code":"404","msg":"Validate dates entered","data":[]}"#.into(),
            0,
        ),
        (
            "extra top-level keys",
            format!(r#"{{"code":200,"data":[{one}],"total":1,"x":{{"y":[1]}}}}"#),
            1,
        ),
        (
            "byte order mark",
            format!("\u{feff}{{\"code\":200,\"data\":[{one}]}}"),
            1,
        ),
        (
            "code after data",
            format!(r#"{{"data":[{one}],"code":"200"}}"#),
            1,
        ),
    ];
    for (name, text, want) in cases {
        let r = read(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.len(), want, "{name}");
    }
}

#[test]
fn a_404_body_says_no_records() {
    let mut r = Report::new();
    let got = r
        .ingest(br#"{"code":404,"error":null,"msg":"Validate dates entered"}"#)
        .unwrap();
    assert!(got.no_records);
    assert_eq!(got.rows, 0);
}

#[test]
fn error_envelopes_carry_the_servers_words() {
    let cases = [
        (
            r#"{"code":403,"error":"FORBIDDEN","msg":"PLEASE VALIDATE TOKEN"}"#,
            "403",
            "PLEASE VALIDATE TOKEN",
        ),
        (
            r#"{"code":"401","error":"UNAUTHORIZED","msg":"PLEASE ENTER THE WOLKVOX-TOKEN"}"#,
            "401",
            "PLEASE ENTER THE WOLKVOX-TOKEN",
        ),
        (
            r#"{"code":400,"error":"BAD REQUEST","msg":"THE API YOU WANT TO CONSULT DOES NOT EXIST","data":[]}"#,
            "400",
            "THE API YOU WANT TO CONSULT DOES NOT EXIST",
        ),
        (
            r#"{"code":500,"error":"INTERNAL","msg":"backup in progress"}"#,
            "500",
            "backup in progress",
        ),
        (
            r#"{"error":"FORBIDDEN","msg":"TOKEN LIMIT EXCEEDED"}"#,
            "?",
            "TOKEN LIMIT EXCEEDED",
        ),
    ];
    for (text, code, words) in cases {
        match read(text.as_bytes()) {
            Err(ReadError::Refused { code: c, msg, .. }) => {
                assert_eq!(c, code, "{text}");
                assert_eq!(msg, words);
            }
            other => panic!("{text}: {other:?}"),
        }
        let e = read(text.as_bytes()).unwrap_err();
        assert!(e.message(wolkvox_ivr::i18n::Lang::Es).contains(words));
    }
}

#[test]
fn bad_bodies_are_refused_with_a_reason_and_never_panic() {
    let deep_value = format!(
        r#"{{"code":200,"data":[{{"ani":{}{}}}]}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_top = "[".repeat(100_000);
    let deep_objects = r#"{"a":"#.repeat(50_000);
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    binary[0] = 0x89;
    type Expect = fn(&ReadError) -> bool;
    let cases: Vec<(&str, Vec<u8>, Expect)> = vec![
        ("empty file", b"".to_vec(), |e| *e == ReadError::Empty),
        ("only spaces", b"  \n\t ".to_vec(), |e| {
            *e == ReadError::Empty
        }),
        (
            "truncated",
            br#"{"code":200,"data":[{"conn_id":"1","time_on"#.to_vec(),
            |e| *e == ReadError::Truncated,
        ),
        (
            "html page",
            b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>".to_vec(),
            |e| matches!(e, ReadError::NotJson { .. }),
        ),
        ("binary", binary, |e| matches!(e, ReadError::NotJson { .. })),
        ("a list of numbers", b"[1,2,3]".to_vec(), |e| {
            matches!(e, ReadError::WrongShape(_))
        }),
        ("empty object", b"{}".to_vec(), |e| {
            matches!(e, ReadError::WrongShape(_))
        }),
        ("null", b"null".to_vec(), |e| {
            matches!(e, ReadError::WrongShape(_))
        }),
        ("a number", b"42".to_vec(), |e| {
            matches!(e, ReadError::WrongShape(_))
        }),
        (
            "data is a number",
            br#"{"code":200,"data":5}"#.to_vec(),
            |e| matches!(e, ReadError::WrongShape(_)),
        ),
        ("deep nesting in a value", deep_value.into_bytes(), |e| {
            *e == ReadError::TooDeep
        }),
        ("deep nesting at top", deep_top.into_bytes(), |e| {
            matches!(e, ReadError::WrongShape(_) | ReadError::TooDeep)
        }),
        ("deep objects, unclosed", deep_objects.into_bytes(), |e| {
            matches!(e, ReadError::Truncated | ReadError::TooDeep)
        }),
        (
            "trailing garbage",
            br#"{"code":200,"data":[]} xyz"#.to_vec(),
            |e| matches!(e, ReadError::NotJson { .. }),
        ),
        (
            "invalid utf-8 in a value",
            b"{\"code\":200,\"data\":[{\"ani\":\"\xff\xfe\"}]}".to_vec(),
            |e| matches!(e, ReadError::NotJson { .. }),
        ),
    ];
    for (name, bytes, ok) in cases {
        match read(&bytes) {
            Err(e) => {
                assert!(ok(&e), "{name}: got {e:?}");
                for lang in [wolkvox_ivr::i18n::Lang::Es, wolkvox_ivr::i18n::Lang::En] {
                    assert!(!e.message(lang).is_empty());
                }
            }
            Ok(r) => panic!("{name}: read {} rows", r.len()),
        }
    }
}

#[test]
fn deeply_nested_junk_between_rows_is_skipped() {
    let one = row(json!({}));
    let text = format!(
        r#"{{"code":200,"data":[{one},{}{}]}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut r = Report::new();
    let got = r.ingest(text.as_bytes()).unwrap();
    assert_eq!((got.rows, got.not_rows), (1, 1));
}

#[test]
fn non_row_elements_are_counted_not_fatal() {
    let one = row(json!({}));
    let text = format!(r#"{{"code":200,"data":[{one},1,"x",null,[1,2]]}}"#);
    let mut r = Report::new();
    let got = r.ingest(text.as_bytes()).unwrap();
    assert_eq!((got.rows, got.not_rows, r.len()), (1, 4, 1));
}

#[test]
fn a_failed_body_leaves_the_report_as_it_was() {
    let mut r = Report::new();
    r.ingest(&body(vec![row(
        json!({"conn_id": "a", "agent_name": "Ana"}),
    )]))
    .unwrap();
    let mut bad = body(vec![
        row(json!({"conn_id": "a", "agent_name": "Luis"})),
        row(json!({"conn_id": "b"})),
    ]);
    bad.truncate(bad.len() - 10);
    assert_eq!(r.ingest(&bad), Err(ReadError::Truncated));
    assert_eq!(r.len(), 1);
    assert_eq!(r.raw(&r.calls()[0], Field::AgentName), Some("Ana"));
    // The same rows arriving whole are merged normally afterwards.
    r.ingest(&body(vec![row(json!({"conn_id": "b"}))])).unwrap();
    assert_eq!(r.len(), 2);
}

#[test]
fn values_are_typed_and_given_back_exactly_as_received() {
    let r = read(&body(vec![
        row(json!({
            "conn_id": "c1", "time_on_rp": "27:03:10", "end_date_rp": "20261125100405",
            "ani": "0016012345678", "customer_id": "000000123", "time_on_skill": "03:53",
            "time_with_agent": "233", "go_to_agent": "SÍ", "total_time": " 00:01:05 ",
            "agent_name": "José Ñúñez", "unknown_extra": {"nested": [1, 2]}
        })),
        row(json!({
            "conn_id": "c2", "time_on_rp": "-", "end_date_rp": "", "go_to_agent": "0",
            "agent_id": "-", "time_with_agent": " ", "skill_id": "-"
        })),
        row(json!({
            "conn_id": "c3", "time_on_rp": "abc", "end_date_rp": "25/11/2026",
            "go_to_agent": "maybe", "time_with_agent": "00:61:00"
        })),
        row(
            json!({"conn_id": "c4", "time_on_rp": 65, "go_to_agent": 1, "customer_id": {"id": 1},
                   "!agent_name": null, "!cod_act": null}),
        ),
    ]))
    .unwrap();
    let c = r.calls();
    assert_eq!(c.len(), 4);

    assert_eq!(c[0].ivr_time.get(), Some(97_390));
    assert_eq!(c[0].queue_time.get(), Some(233));
    assert_eq!(c[0].agent_time.get(), Some(233));
    assert_eq!(c[0].total_time.get(), Some(65));
    assert_eq!(c[0].transfer, Transfer::Transferred);
    assert_eq!(
        c[0].started.civil().unwrap().to_string(),
        "2026-11-25T10:04:05"
    );
    assert_eq!(r.raw(&c[0], Field::TimeOnRp), Some("27:03:10"));
    assert_eq!(r.raw(&c[0], Field::EndDateRp), Some("20261125100405"));
    assert_eq!(r.raw(&c[0], Field::Ani), Some("0016012345678"));
    assert_eq!(r.raw(&c[0], Field::CustomerId), Some("000000123"));
    assert_eq!(r.raw(&c[0], Field::TotalTime), Some(" 00:01:05 "));
    assert_eq!(r.raw(&c[0], Field::AgentName), Some("José Ñúñez"));
    assert_eq!(r.raw(&c[0], Field::GoToAgent), Some("SÍ"));
    assert_eq!(c[0].unreadable, 0);

    assert_eq!(c[1].ivr_time.get(), None);
    assert!(!c[1].ivr_time.is_unreadable());
    assert_eq!(c[1].started.seconds(), None);
    assert_eq!(c[1].transfer, Transfer::Retained);
    assert_eq!(r.raw(&c[1], Field::AgentId), Some("-"));
    assert_eq!(r.raw(&c[1], Field::TimeWithAgent), Some(" "));
    assert_eq!(c[1].unreadable, 0);

    assert!(c[2].ivr_time.is_unreadable());
    assert!(c[2].started.is_unreadable());
    assert!(c[2].agent_time.is_unreadable());
    assert_eq!(c[2].transfer, Transfer::Unknown);
    assert_eq!(r.raw(&c[2], Field::TimeOnRp), Some("abc"));
    assert_eq!(r.raw(&c[2], Field::EndDateRp), Some("25/11/2026"));
    assert_eq!(r.raw(&c[2], Field::GoToAgent), Some("maybe"));
    assert_eq!(c[2].unreadable, 4);

    assert_eq!(c[3].ivr_time.get(), Some(65));
    assert_eq!(c[3].transfer, Transfer::Transferred);
    assert_eq!(r.raw(&c[3], Field::CustomerId), Some(r#"{"id":1}"#));
    assert_eq!(r.raw(&c[3], Field::AgentName), None);
    assert_eq!(r.raw(&c[3], Field::CodAct), None);
    assert_eq!(c[3].unreadable, 1);
}

#[test]
fn field_names_in_another_case_are_read() {
    let text = r#"{"code":200,"data":[{"CONN_ID":"x","Time_On_Rp":"00:00:07"}]}"#;
    let r = read(text.as_bytes()).unwrap();
    assert_eq!(r.calls()[0].ivr_time.get(), Some(7));
    assert_eq!(r.raw(&r.calls()[0], Field::ConnId), Some("x"));
}

#[test]
fn no_calls_gives_zeroes_and_nulls() {
    let k = numbers(vec![]);
    assert_eq!(k.calls, 0);
    assert_eq!(k.retention_rate, None);
    assert_eq!(k.transfer_rate, None);
    assert_eq!(k.ivr_time.median, None);
    assert_eq!(k.ivr_time.mean, None);
    assert_eq!(k.long_ivr.share, None);
    assert_eq!(k.agent_time_mean, None);
    assert!(k.by_routing_point.is_empty());
    let j = serde_json::to_value(&k).unwrap();
    assert!(j["ivr_time"]["p90"].is_null());
    assert!(j["retention_rate"].is_null());
}

#[test]
fn one_call() {
    let k = numbers(vec![row(json!({"time_on_rp": "00:02:01"}))]);
    assert_eq!(
        (k.calls, k.transferred, k.retained, k.unknown_transfer),
        (1, 1, 0, 0)
    );
    assert_eq!(k.transfer_rate, Some(1.0));
    assert_eq!(k.retention_rate, Some(0.0));
    assert_eq!(k.ivr_time.median, Some(121));
    assert_eq!(k.ivr_time.p90, Some(121));
    assert_eq!(k.ivr_time.max, Some(121));
    assert_eq!(k.ivr_time.mean, Some(121.0));
    assert_eq!((k.long_ivr.calls, k.long_ivr.share), (1, Some(1.0)));
    assert_eq!(k.agent_time_mean, Some(300.0));
    assert_eq!(k.queue_time_mean, Some(10.0));
    assert_eq!(k.queue_abandons, 0);
    assert_eq!(k.repeat_calls_24h, 0);
    assert_eq!(k.by_routing_point.len(), 1);
    let rp = &k.by_routing_point[0];
    assert_eq!(rp.rp_id.as_deref(), Some("RP_MENU"));
    assert_eq!(
        (rp.calls, rp.transferred, rp.retained, rp.long_ivr),
        (1, 1, 0, 1)
    );
}

#[test]
fn all_unknown_transfer_flags() {
    let k = numbers(vec![
        row(json!({"conn_id": "1", "go_to_agent": "-"})),
        row(json!({"conn_id": "2", "go_to_agent": "quizás"})),
        row(json!({"conn_id": "3", "!go_to_agent": null})),
    ]);
    assert_eq!(
        (k.calls, k.unknown_transfer, k.retained, k.transferred),
        (3, 3, 0, 0)
    );
    assert_eq!(k.retention_rate, None);
    assert_eq!(k.transfer_rate, None);
    assert_eq!(k.unreadable_values, 1);
    assert_eq!(
        k.agent_time_mean, None,
        "agent time counts transferred calls only"
    );
}

#[test]
fn unreadable_durations_are_left_out_and_counted() {
    let k = numbers(vec![
        row(json!({"conn_id": "1", "time_on_rp": "00:00:30"})),
        row(json!({"conn_id": "2", "time_on_rp": "garbage"})),
        row(json!({"conn_id": "3", "time_on_rp": "-"})),
        row(json!({"conn_id": "4", "time_on_rp": "00:03:00"})),
    ]);
    assert_eq!(k.calls, 4);
    assert_eq!(k.ivr_time.mean, Some(105.0));
    assert_eq!(k.ivr_time.median, Some(30));
    assert_eq!(k.ivr_time.max, Some(180));
    assert_eq!(k.long_ivr.calls, 1);
    assert_eq!(k.long_ivr.share, Some(0.5));
    assert_eq!(k.unreadable_values, 1);
}

#[test]
fn hours_past_24_are_real_durations() {
    let k = numbers(vec![
        row(json!({"conn_id": "1", "time_on_rp": "27:03:10"})),
        row(json!({"conn_id": "2", "time_on_rp": "00:00:10"})),
    ]);
    assert_eq!(k.ivr_time.max, Some(97_390));
    assert_eq!(k.ivr_time.mean, Some(48_700.0));
}

#[test]
fn percentiles_are_by_nearest_rank_with_ties() {
    let ivr = |v: &[u32]| {
        numbers(
            v.iter()
                .enumerate()
                .map(|(i, s)| row(json!({"conn_id": i.to_string(), "time_on_rp": s.to_string()})))
                .collect(),
        )
        .ivr_time
    };
    // Ranks: median ceil(0.5·5)=3, p90 ceil(0.9·5)=5.
    let t = ivr(&[30, 20, 10, 20, 20]);
    assert_eq!((t.median, t.p90), (Some(20), Some(30)));
    // 1..=10: median rank 5, p90 rank 9.
    let t = ivr(&[10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assert_eq!((t.median, t.p90, t.max), (Some(5), Some(9), Some(10)));
    // Two values: median rank 1, p90 rank 2.
    let t = ivr(&[100, 50]);
    assert_eq!((t.median, t.p90), (Some(50), Some(100)));
    let t = ivr(&[7, 7, 7]);
    assert_eq!((t.median, t.p90), (Some(7), Some(7)));
}

#[test]
fn the_long_ivr_threshold_is_strictly_above() {
    let r = read(&body(vec![
        row(json!({"conn_id": "1", "time_on_rp": "00:02:00"})),
        row(json!({"conn_id": "2", "time_on_rp": "00:02:01"})),
    ]))
    .unwrap();
    assert_eq!(KeyNumbers::of_report(&r, 120).long_ivr.calls, 1);
    assert_eq!(KeyNumbers::of_report(&r, 119).long_ivr.calls, 2);
    assert_eq!(KeyNumbers::of_report(&r, 60).long_ivr.threshold, 60);
}

#[test]
fn repeat_calls_within_24_hours() {
    let k = numbers(vec![
        // 23:59:59 after the first: a repeat.
        row(json!({"conn_id": "a1", "ani": "3001", "end_date_rp": "2026-11-01 08:00:00"})),
        row(json!({"conn_id": "a2", "ani": "3001", "end_date_rp": "2026-11-02 07:59:59"})),
        // Exactly 24 h apart: not a repeat.
        row(json!({"conn_id": "b1", "ani": "3002", "end_date_rp": "2026-11-01 08:00:00"})),
        row(json!({"conn_id": "b2", "ani": "3002", "end_date_rp": "2026-11-02 08:00:00"})),
        // The same call through two routing points is not a repeat of itself.
        row(
            json!({"conn_id": "c1", "ani": "3003", "rp_id": "RP1", "end_date_rp": "2026-11-01 09:00:00"}),
        ),
        row(
            json!({"conn_id": "c1", "ani": "3003", "rp_id": "RP2", "end_date_rp": "2026-11-01 09:00:30"}),
        ),
        // Same second is not strictly earlier.
        row(json!({"conn_id": "d1", "ani": "3004", "end_date_rp": "2026-11-01 09:00:00"})),
        row(json!({"conn_id": "d2", "ani": "3004", "end_date_rp": "2026-11-01 09:00:00"})),
        // A placeholder ANI is nobody's.
        row(json!({"conn_id": "e1", "ani": "-", "end_date_rp": "2026-11-01 09:00:00"})),
        row(json!({"conn_id": "e2", "ani": "-", "end_date_rp": "2026-11-01 09:05:00"})),
        // Three calls in a row: the second and third are repeats, counted once each,
        // the third through two routing points.
        row(json!({"conn_id": "f1", "ani": "3005", "end_date_rp": "2026-11-03 09:00:00"})),
        row(json!({"conn_id": "f2", "ani": "3005", "end_date_rp": "2026-11-03 10:00:00"})),
        row(
            json!({"conn_id": "f3", "ani": "3005", "rp_id": "RP1", "end_date_rp": "2026-11-03 11:00:00"}),
        ),
        row(
            json!({"conn_id": "f3", "ani": "3005", "rp_id": "RP2", "end_date_rp": "2026-11-03 11:00:20"}),
        ),
    ]);
    assert_eq!(k.repeat_calls_24h, 3, "a2, f2, f3");
}

#[test]
fn repeat_calls_of_many_callers_match_a_plain_count() {
    // 4000 rows: phones coming back at scattered distances and times, calls through two
    // routing points, placeholder ids and phones, rows without a date.
    let mut rows = Vec::new();
    let mut plain: Vec<(Option<String>, Option<String>, Option<i64>)> = Vec::new();
    for i in 0..4000u32 {
        let phone = match i % 13 {
            0 => "-".to_string(),
            _ => format!("57300{}", (i * 7919) % 997),
        };
        let conn = match i % 17 {
            0 => "-".to_string(),
            // Every third row continues the call before it at another routing point.
            k if k % 3 == 0 && i > 0 => format!("c{}", i - 1),
            _ => format!("c{i}"),
        };
        let minutes = i64::from((i * 104_729) % (60 * 24 * 5));
        let dated = i % 29 != 0;
        let date = format!(
            "2026-11-{:02} {:02}:{:02}:00",
            1 + minutes / (60 * 24),
            minutes / 60 % 24,
            minutes % 60
        );
        let mut r = row(json!({"conn_id": conn, "ani": phone, "rp_id": format!("RP{}", i % 3)}));
        r["end_date_rp"] = if dated { json!(date) } else { json!("-") };
        rows.push(r);
        plain.push((
            (conn != "-").then_some(conn),
            (phone != "-").then_some(phone),
            dated.then_some(minutes * 60),
        ));
    }
    let r = read(&body(rows)).unwrap();
    assert_eq!(r.len(), plain.len(), "no row is a copy of another");
    // The definition, row against row: calls (each placeholder-id row on its own) with a
    // row whose caller had another call that started strictly earlier, less than 24 h
    // before.
    let mut repeated = std::collections::HashSet::new();
    for (i, (conn, phone, at)) in plain.iter().enumerate() {
        let (Some(phone), Some(at)) = (phone, at) else {
            continue;
        };
        let earlier = plain.iter().enumerate().any(|(j, (c, p, t))| {
            let other_call = conn.is_none() || c.is_none() || c != conn;
            p.as_ref() == Some(phone)
                && other_call
                && j != i
                && t.is_some_and(|t| t < *at && at - t < 24 * 3600)
        });
        if earlier {
            repeated.insert(conn.clone().unwrap_or_else(|| format!("row {i}")));
        }
    }
    assert!(repeated.len() > 100, "{}", repeated.len());
    assert_eq!(
        KeyNumbers::of_report(&r, 120).repeat_calls_24h,
        repeated.len() as u64
    );
}

#[test]
fn queue_abandons_are_retained_calls_that_reached_a_skill() {
    let k = numbers(vec![
        row(
            json!({"conn_id": "1", "go_to_agent": "no", "skill_id": "SK1", "time_on_skill": "00:00:00"}),
        ),
        row(
            json!({"conn_id": "2", "go_to_agent": "no", "skill_id": "-", "time_on_skill": "00:00:15"}),
        ),
        row(
            json!({"conn_id": "3", "go_to_agent": "no", "skill_id": "-", "time_on_skill": "00:00:00"}),
        ),
        row(json!({"conn_id": "4", "go_to_agent": "no", "skill_id": " ", "time_on_skill": "-"})),
        row(
            json!({"conn_id": "5", "go_to_agent": "yes", "skill_id": "SK1", "time_on_skill": "00:01:00"}),
        ),
    ]);
    assert_eq!(k.retained, 4);
    assert_eq!(k.queue_abandons, 2);
    // 0 + 15 + 0 + 60 over four readable queue times.
    assert_eq!(k.queue_time_mean, Some(18.75));
}

#[test]
fn two_overlapping_files_merge_with_the_last_copy_winning() {
    let mut r = Report::new();
    r.ingest(&body(vec![
        row(json!({"conn_id": "1", "go_to_agent": "no", "time_on_rp": "00:00:10"})),
        row(json!({"conn_id": "2", "go_to_agent": "no"})),
    ]))
    .unwrap();
    r.ingest(&body(vec![
        row(json!({"conn_id": "2", "go_to_agent": "yes"})),
        row(json!({"conn_id": "3", "go_to_agent": "yes"})),
    ]))
    .unwrap();
    let k = KeyNumbers::of_report(&r, 120);
    assert_eq!((k.calls, k.retained, k.transferred), (3, 1, 2));
    assert_eq!(k.retention_rate, Some(1.0 / 3.0));
    assert_eq!(r.raw(&r.calls()[1], Field::GoToAgent), Some("yes"));
}

#[test]
fn placeholder_call_ids_are_each_their_own_call() {
    let k = numbers(vec![
        row(json!({"conn_id": "-", "ani": "3001", "end_date_rp": "2026-11-01 08:00:00"})),
        row(json!({"conn_id": "-", "ani": "3001", "end_date_rp": "2026-11-01 08:00:00"})),
        row(json!({"conn_id": "", "ani": "3001", "end_date_rp": "2026-11-01 09:00:00"})),
        row(json!({"!conn_id": null, "ani": "3001", "end_date_rp": "2026-11-01 10:00:00"})),
    ]);
    assert_eq!(k.calls, 4);
    assert_eq!(k.repeat_calls_24h, 2);
}

#[test]
fn routing_points_most_calls_first_then_by_id() {
    let k = numbers(vec![
        row(
            json!({"conn_id": "1", "rp_id": "RP_B", "time_on_rp": "00:00:10", "go_to_agent": "no"}),
        ),
        row(json!({"conn_id": "2", "rp_id": "RP_A", "time_on_rp": "00:00:20"})),
        row(json!({"conn_id": "3", "rp_id": "RP_C", "time_on_rp": "00:05:00"})),
        row(
            json!({"conn_id": "4", "rp_id": "RP_C", "time_on_rp": "00:00:40", "go_to_agent": "no"}),
        ),
        row(json!({"conn_id": "5", "!rp_id": null, "time_on_rp": "00:00:01"})),
    ]);
    let ids: Vec<_> = k.by_routing_point.iter().map(|r| r.rp_id.clone()).collect();
    assert_eq!(
        ids,
        [
            Some("RP_C".into()),
            None,
            Some("RP_A".into()),
            Some("RP_B".into())
        ]
    );
    let c = &k.by_routing_point[0];
    assert_eq!(
        (c.calls, c.retained, c.transferred, c.long_ivr),
        (2, 1, 1, 1)
    );
    assert_eq!(c.median_ivr, Some(40));
}

#[test]
fn the_json_has_exactly_the_documented_keys() {
    let k = numbers(vec![row(json!({}))]);
    let j = serde_json::to_value(&k).unwrap();
    let mut keys: Vec<_> = j.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    let mut want = vec![
        "calls",
        "transferred",
        "retained",
        "unknown_transfer",
        "retention_rate",
        "transfer_rate",
        "queue_abandons",
        "ivr_time",
        "long_ivr",
        "agent_time_mean",
        "queue_time_mean",
        "repeat_calls_24h",
        "unreadable_values",
        "by_routing_point",
    ];
    want.sort();
    assert_eq!(keys, want);
    let mut ivr: Vec<_> = j["ivr_time"].as_object().unwrap().keys().cloned().collect();
    ivr.sort();
    assert_eq!(ivr, ["max", "mean", "median", "p90"]);
    let mut long: Vec<_> = j["long_ivr"].as_object().unwrap().keys().cloned().collect();
    long.sort();
    assert_eq!(long, ["calls", "share", "threshold"]);
    let mut rp: Vec<_> = j["by_routing_point"][0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    rp.sort();
    assert_eq!(
        rp,
        [
            "calls",
            "long_ivr",
            "median_ivr",
            "retained",
            "rp_id",
            "transferred"
        ]
    );
}
