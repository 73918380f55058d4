//! Large bodies are read key by key and row by row, the `data` list in pieces on every
//! core, rows of plain strings scanned without serde_json; every body must read exactly
//! as the plain serde_json reader reads it: the same calls in the same order, the same
//! counts, the same refusals and errors.

use serde_json::{Value, json};
use wolkvox_ivr::fake::{large_calls, response_body};
use wolkvox_ivr::report::parse::Way;
use wolkvox_ivr::report::{BodyReader, Field, Ingested, ReadError, Report};

/// Every way through a body: plain, walked in one piece, walked in pieces from the
/// smallest list, and from a middling one; each walk with and without the scan.
const READERS: [BodyReader; 7] = [
    BodyReader::Plain,
    BodyReader::Walk {
        split_from: usize::MAX,
    },
    BodyReader::Walk { split_from: 0 },
    BodyReader::Walk { split_from: 2_000 },
    BodyReader::Scan {
        split_from: usize::MAX,
    },
    BodyReader::Scan { split_from: 0 },
    BodyReader::Scan { split_from: 2_000 },
];

type Outcome = (Result<Ingested, ReadError>, Vec<String>);

/// Reads `body` into a copy of `before`; the outcome leaves out which way it went.
fn read_by(before: &Report, body: &[u8], reader: BodyReader) -> Outcome {
    let (got, calls, _) = read_way(before, body, reader);
    (got, calls)
}

fn read_way(
    before: &Report,
    body: &[u8],
    reader: BodyReader,
) -> (Result<Ingested, ReadError>, Vec<String>, Option<Way>) {
    let mut report = before.clone();
    let mut got = report.ingest_by(body, reader);
    let way = got.as_mut().ok().map(|i| std::mem::take(&mut i.way));
    (got, report.describe_calls(), way)
}

const PIECES: BodyReader = BodyReader::Walk { split_from: 0 };
const SCANNED_PIECES: BodyReader = BodyReader::Scan { split_from: 0 };

/// Reads `body` every way into a copy of `before` and checks they all agree.
fn agree(before: &Report, body: &[u8]) -> Outcome {
    let plain = read_by(before, body, BodyReader::Plain);
    for reader in &READERS[1..] {
        let other = read_by(before, body, *reader);
        assert_eq!(
            plain.0,
            other.0,
            "{reader:?} on {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
        assert!(plain.1 == other.1, "{reader:?}: different calls");
    }
    plain
}

fn sample_rows(n: usize) -> Vec<Value> {
    let body = response_body(&large_calls(n), false);
    let v: Value = serde_json::from_slice(&body).unwrap();
    v["data"].as_array().unwrap().clone()
}

#[test]
fn a_generated_month_reads_the_same_every_way() {
    let body = response_body(&large_calls(5_000), true);
    let (got, calls) = agree(&Report::new(), &body);
    assert_eq!(got.unwrap().rows, 5_000);
    assert_eq!(calls.len(), 5_000);
    let ways: Vec<Option<Way>> = READERS
        .iter()
        .map(|r| read_way(&Report::new(), &body, *r).2)
        .collect();
    assert_eq!(
        ways,
        [
            Way::Plain,
            Way::Walked,
            Way::Pieces,
            Way::Pieces,
            Way::Walked,
            Way::Pieces,
            Way::Pieces
        ]
        .map(Some)
    );
}

#[test]
fn odd_bodies_read_the_same_every_way() {
    let rows = sample_rows(400);
    // A later copy of an early call, so duplicates meet across the pieces.
    let mut changed = rows[3].clone();
    changed["agent_name"] = json!("Zoe");
    let mut with_dups = rows.clone();
    with_dups.push(changed);
    with_dups.extend(rows[..50].iter().cloned());
    // Text that looks like the place between two rows, in the middle of the list.
    let mut tricky = rows.clone();
    tricky[200]["cod_act"] = json!("x},{\"conn_id\":\"fake\"},{");
    tricky[201]["agent_name"] = json!("} , {");
    // And in many rows further on, where pieces may be cut inside them.
    for row in tricky[205..].iter_mut().step_by(7) {
        row["agent_name"] = json!("} , {");
        row["cod_act_2"] = json!("},{");
    }
    // Elements that are not rows, and values of every JSON type.
    let mut mixed: Vec<Value> = rows.clone();
    mixed.insert(100, json!(17));
    mixed.insert(200, json!("text"));
    mixed.insert(250, json!(null));
    mixed[300]["time_on_rp"] = json!(65);
    mixed[301]["go_to_agent"] = json!(true);
    mixed[302]["ani"] = json!(573001234567u64);
    mixed[303]["extra"] = json!("kept out");
    let mut nested = rows.clone();
    nested[300]["agent_name"] = json!({"first": "Ana"});
    let mut nested_list = rows.clone();
    nested_list.insert(210, json!([1, [2, [3]]]));
    // Escapes, text beyond ASCII, keys in another case: what the scan hands over or reads.
    let mut escaped = rows.clone();
    escaped[10]["agent_name"] = json!("Ana \"la jefa\" Muñoz\ttab\u{1}");
    escaped[11]["cod_act"] = json!("ñandú € 𝄞 \u{7f}");
    let upper = escaped[12].as_object().unwrap().clone();
    escaped[12] = Value::Object(
        upper
            .into_iter()
            .map(|(k, v)| (k.to_uppercase(), v))
            .collect(),
    );
    escaped[13] = json!({});
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    for list in [
        &rows,
        &with_dups,
        &tricky,
        &mixed,
        &nested,
        &nested_list,
        &escaped,
    ] {
        let compact = json!({"code": 200, "msg": "ok", "data": list});
        bodies.push(serde_json::to_vec(&compact).unwrap());
        bodies.push(serde_json::to_vec_pretty(&compact).unwrap());
        // `data` first, the envelope after it, our own key, and a byte-order mark.
        let after = json!({"data": list, "wolkvox_ivr": {"requested": ["x"]}, "code": "200"});
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend(serde_json::to_vec(&after).unwrap());
        bodies.push(with_bom);
    }
    // Two `data` lists, a refusal after rows, "no records", an empty list.
    let text = |v: Value| serde_json::to_vec(&v).unwrap();
    bodies.push(text(
        json!({"code": 200, "data": rows, "data ": 1, "data": rows[..10]}),
    ));
    bodies.push(text(
        json!({"data": rows, "code": 403, "error": "Forbidden", "msg": "m"}),
    ));
    bodies.push(text(json!({"code": 404, "data": rows})));
    bodies.push(text(json!({"code": 200, "data": []})));
    bodies.push(text(json!({"code": 200, "data": rows[0]})));
    bodies.push(text(json!({"code": 200, "data": null})));
    let mut before = Report::new();
    before.ingest(&text(json!({"data": rows[..20]}))).unwrap();
    let mut ways = Vec::new();
    for body in &bodies {
        agree(&Report::new(), body).0.unwrap_or_default();
        agree(&before, body).0.unwrap_or_default();
        ways.push(read_way(&before, body, PIECES).2);
    }
    // Most went in pieces; rows holding objects or lists are left to the plain reader.
    assert!(
        ways.iter().filter(|w| **w == Some(Way::Pieces)).count() >= 12,
        "{ways:?}"
    );
    assert_eq!(ways[12..18], [Some(Way::Plain); 6]);
}

#[test]
fn broken_bodies_fail_the_same_every_way_and_change_nothing() {
    let good = serde_json::to_vec(&json!({"code": 200, "data": sample_rows(300)})).unwrap();
    let mut before = Report::new();
    before.ingest(&good[..]).unwrap();
    let kept = before.describe_calls();
    let mut bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"  \n".to_vec(),
        b"<html><body>502 Bad Gateway</body></html>".to_vec(),
        b"[1,2,3]".to_vec(),
        b"{}".to_vec(),
        b"{\"code\":200,\"data\":[{\"conn_id\":\"a\"},]}".to_vec(),
        b"{\"code\":200,\"data\":[{\"conn_id\":\"a\"} {\"conn_id\":\"b\"}]}".to_vec(),
        b"{\"code\":200,\"data\":[{\"conn_id\":\"a\"}]} trailing".to_vec(),
        b"{\"code\":200,,\"data\":[]}".to_vec(),
        b"{\"code\":200 \"data\":[]}".to_vec(),
        b"{\"code\":1e400,\"data\":[]}".to_vec(),
        b"{\"code\":200,\"data\":[{\"conn_id\":\"\xff\"}]}".to_vec(),
        // A raw control character, and DEL, inside a text; a key twice in one row.
        b"{\"code\":200,\"data\":[{\"conn_id\":\"a\tb\"}]}".to_vec(),
        b"{\"code\":200,\"data\":[{\"conn_id\":\"a\x7fb\"},{}]}".to_vec(),
        b"{\"code\":200,\"data\":[{\"conn_id\":\"a\",\"agent_name\":\"x\",\"conn_id\":\"b\"}]}"
            .to_vec(),
        b"{\"code\":200,\"data\":[{\"conn_id\":\"a\" , \"agent_name\":\"x\" ,}]}".to_vec(),
    ];
    // Cut short anywhere, including inside the second half.
    for cut in [
        1,
        40,
        good.len() / 3,
        good.len() / 2 + 7,
        good.len() - 3,
        good.len() - 1,
    ] {
        bodies.push(good[..cut].to_vec());
    }
    // A broken row in the second half only.
    let mut late = good.clone();
    let at = good.len() * 3 / 4;
    let quote = at + good[at..].iter().position(|&b| b == b':').unwrap();
    late[quote] = b'=';
    bodies.push(late);
    // Nesting around the depth limit, in rows and in the envelope.
    for depth in [120, 125, 126, 127, 128, 130] {
        let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        bodies.push(
            format!("{{\"code\":200,\"data\":[{{\"conn_id\":\"d\",\"x\":{deep}}}]}}").into_bytes(),
        );
        bodies.push(format!("{{\"code\":200,\"meta\":{deep},\"data\":[]}}").into_bytes());
        bodies.push(format!("{{\"code\":200,\"data\":[{deep}]}}").into_bytes());
    }
    for body in &bodies {
        let (got, calls) = agree(&before, body);
        if got.is_err() {
            assert_eq!(calls, kept, "a failed body changed the report");
        }
    }
}

#[test]
fn the_pieces_keep_every_value_where_they_were() {
    let calls = large_calls(3_000);
    let body = response_body(&calls, false);
    for reader in [PIECES, SCANNED_PIECES] {
        let mut report = Report::new();
        let got = report.ingest_by(&body, reader).unwrap();
        assert_eq!(got.way, Way::Pieces);
        assert_eq!(report.len(), calls.len());
        for (call, raw) in report.calls().iter().zip(&calls) {
            for field in Field::ALL {
                assert_eq!(report.raw(call, field), Some(raw.get(field)));
            }
        }
    }
}
