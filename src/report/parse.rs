//! The lenient reader of a whole `diagram_11` response body.
//!
//! Rows are typed straight from the JSON into the [`Report`] (no intermediate tree), so a
//! body is held once in memory. A body that fails to read leaves the report as it was.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::call::Field;
use super::calls::{Report, RowBuilder, Undo};
use super::walk::{Gave, Split, walk};
use crate::i18n::{Lang, fill};

/// Why a body could not be read as a report, or the API's refusal it carries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Nothing but whitespace.
    #[error("the body is empty")]
    Empty,
    /// The JSON ends before it is complete.
    #[error("the body is cut short")]
    Truncated,
    /// Not JSON at all (an HTML page, binary data, ...).
    #[error("not JSON near line {line}, column {column}")]
    NotJson {
        /// 1-based line of the first problem.
        line: usize,
        /// 1-based column of the first problem.
        column: usize,
    },
    /// JSON nested deeper than any report.
    #[error("nested too deeply")]
    TooDeep,
    /// Valid JSON of another shape.
    #[error("not shaped like a report: {0}")]
    WrongShape(String),
    /// An error envelope: Wolkvox refused the request.
    #[error("the API refused the request: code {code}, {error} {msg}")]
    Refused {
        /// The envelope's `code`, as received.
        code: String,
        /// The envelope's `error`.
        error: String,
        /// The envelope's `msg`, the server's own words.
        msg: String,
    },
}

impl ReadError {
    /// The plain-language reason, to follow "this is not a report:".
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.texts();
        match self {
            ReadError::Empty => t.parse_empty.to_string(),
            ReadError::Truncated => t.parse_truncated.to_string(),
            ReadError::NotJson { line, column } => {
                fill(t.parse_not_json, &[("line", line), ("column", column)])
            }
            ReadError::TooDeep => t.parse_too_deep.to_string(),
            ReadError::WrongShape(detail) => fill(t.parse_wrong_shape, &[("detail", detail)]),
            ReadError::Refused { code, error, msg } => fill(
                t.api_refused,
                &[("code", code), ("error", error), ("msg", msg)],
            ),
        }
    }
}

/// Which way [`Report::ingest_by`] goes through a body.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum BodyReader {
    /// serde_json over the whole body at once.
    Plain,
    /// Key by key and row by row, the `data` list in pieces on every core from
    /// `split_from` bytes; the plain way for what it does not handle.
    Walk {
        /// Smallest list read in pieces.
        split_from: usize,
    },
    /// [`BodyReader::Walk`] with rows of plain strings scanned without serde_json, which
    /// reads every other row.
    Scan {
        /// Smallest list read in pieces.
        split_from: usize,
    },
}

/// What one body held besides its rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ingested {
    /// Rows read from this body (before de-duplication against earlier ones).
    pub rows: usize,
    /// Elements of `data` that were not rows (not JSON objects); skipped and counted.
    pub not_rows: usize,
    /// The envelope's `code`, as received.
    pub code: Option<String>,
    /// The envelope's `msg`.
    pub msg: Option<String>,
    /// The envelope said "no records" (code 404).
    pub no_records: bool,
    /// This program's own top-level key in saved files (requested and missing ranges).
    pub meta: Option<serde_json::Value>,
    /// Which way the body was read (the result is the same every way).
    #[doc(hidden)]
    pub way: Way,
}

/// Which way a body was read.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Way {
    /// serde_json over the whole body.
    #[default]
    Plain,
    /// Key by key and row by row.
    Walked,
    /// Walked, with the `data` list read in pieces on every core.
    Pieces,
}

/// The top-level key under which saved files record what was asked and what is missing.
pub const META_KEY: &str = "wolkvox_ivr";

/// Told, as a body is read, which of its bytes (a range of offsets into it) will not be
/// looked at again, so that a mapped file's pages can be given back to the system.
pub type ReadPast<'a> = &'a (dyn Fn(std::ops::Range<usize>) + Sync);

impl Report {
    /// Reads a whole response body and merges its rows; on error the report is unchanged.
    pub fn ingest(&mut self, body: &[u8]) -> Result<Ingested, ReadError> {
        self.ingest_telling(body, &|_| {})
    }

    /// [`Report::ingest`], telling `read_past` every few megabytes which bytes of the
    /// body were read and will not be read again (unless a body of an unusual shape
    /// has to be read a second way, which then reads it from the start).
    pub fn ingest_telling(
        &mut self,
        body: &[u8],
        read_past: ReadPast<'_>,
    ) -> Result<Ingested, ReadError> {
        self.ingest_with(
            body,
            BodyReader::Scan {
                split_from: Split::for_this_computer().min_bytes,
            },
            read_past,
        )
    }

    /// [`Report::ingest`] with a chosen way through the body, for tests that check both
    /// ways agree. Every way gives the same result.
    #[doc(hidden)]
    pub fn ingest_by(&mut self, body: &[u8], reader: BodyReader) -> Result<Ingested, ReadError> {
        self.ingest_with(body, reader, &|_| {})
    }

    fn ingest_with(
        &mut self,
        body: &[u8],
        reader: BodyReader,
        read_past: ReadPast<'_>,
    ) -> Result<Ingested, ReadError> {
        let whole = body.len();
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let bom = whole - body.len();
        let read_past = &|r: std::ops::Range<usize>| read_past(r.start + bom..r.end + bom);
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(ReadError::Empty);
        }
        // A row of the API's answer takes about 440 bytes of JSON.
        self.reserve(body.len() / 400);
        let mut undo = self.begin();
        let mut out = Ingested::default();
        let mut top = Top::default();
        let split = match reader {
            BodyReader::Plain => None,
            BodyReader::Walk { split_from } => Some(Split {
                min_bytes: split_from,
                flat: false,
            }),
            BodyReader::Scan { split_from } => Some(Split {
                min_bytes: split_from,
                flat: true,
            }),
        };
        if let Some(split) = split {
            match walk(body, self, &mut undo, &mut top, split, read_past) {
                Gave::Up => {
                    self.rollback(undo);
                    undo = self.begin();
                    top = Top::default();
                }
                Gave::Done { pieces } => {
                    out.way = if pieces { Way::Pieces } else { Way::Walked };
                    return self.conclude(undo, top, out);
                }
            }
        }
        let result = {
            let mut de = serde_json::Deserializer::from_slice(body);
            BodySeed {
                report: self,
                undo: &mut undo,
                top: &mut top,
            }
            .deserialize(&mut de)
            .and_then(|()| de.end())
        };
        if let Err(e) = result {
            self.rollback(undo);
            return Err(classify(&e));
        }
        self.conclude(undo, top, out)
    }

    /// What a read body amounts to: its rows, no rows, or the API's refusal.
    fn conclude(
        &mut self,
        undo: Undo,
        mut top: Top,
        mut out: Ingested,
    ) -> Result<Ingested, ReadError> {
        out.rows = undo.rows;
        out.not_rows = top.not_rows;
        out.msg = top.msg.clone();
        out.meta = top.meta.take();
        let code_num = top
            .code
            .as_deref()
            .and_then(|c| c.trim().parse::<i64>().ok());
        out.code = top.code.clone();
        let refused = match code_num {
            Some(404) => {
                out.no_records = true;
                false
            }
            Some(c) => c >= 400,
            None => top.code.is_none() && !top.saw_data && top.error.is_some(),
        };
        if refused {
            self.rollback(undo);
            return Err(ReadError::Refused {
                code: top.code.unwrap_or_else(|| "?".into()),
                error: top.error.unwrap_or_default(),
                msg: top.msg.unwrap_or_default(),
            });
        }
        if out.no_records {
            self.rollback(undo);
            out.rows = 0;
            return Ok(out);
        }
        if !top.saw_data && top.code.is_none() {
            self.rollback(undo);
            return Err(ReadError::WrongShape(
                "an object without `code` or `data`".into(),
            ));
        }
        Ok(out)
    }
}

fn classify(e: &serde_json::Error) -> ReadError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => ReadError::Truncated,
        Category::Syntax if e.to_string().contains("recursion limit") => ReadError::TooDeep,
        Category::Syntax | Category::Io => ReadError::NotJson {
            line: e.line(),
            column: e.column(),
        },
        Category::Data => {
            let text = e.to_string();
            let detail = match text.rfind(" at line ") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            ReadError::WrongShape(detail)
        }
    }
}

#[derive(Default)]
pub(super) struct Top {
    pub(super) code: Option<String>,
    pub(super) error: Option<String>,
    pub(super) msg: Option<String>,
    pub(super) meta: Option<serde_json::Value>,
    pub(super) saw_data: bool,
    pub(super) not_rows: usize,
}

pub(super) struct BodySeed<'a> {
    report: &'a mut Report,
    undo: &'a mut Undo,
    top: &'a mut Top,
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

pub(super) enum TopKey {
    Code,
    Error,
    Msg,
    Data,
    Meta,
    Other,
}

pub(super) struct TopKeySeed;

impl<'de> DeserializeSeed<'de> for TopKeySeed {
    type Value = TopKey;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<TopKey, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for TopKeySeed {
    type Value = TopKey;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<TopKey, E> {
        Ok(match v {
            "code" => TopKey::Code,
            "error" => TopKey::Error,
            "msg" => TopKey::Msg,
            "data" => TopKey::Data,
            META_KEY => TopKey::Meta,
            _ => TopKey::Other,
        })
    }
}

impl<'de> Visitor<'de> for BodySeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with `code` and `data`")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(TopKeySeed)? {
            match key {
                TopKey::Code => self.top.code = map.next_value::<LooseText>()?.0,
                TopKey::Error => self.top.error = map.next_value::<LooseText>()?.0,
                TopKey::Msg => self.top.msg = map.next_value::<LooseText>()?.0,
                TopKey::Meta => self.top.meta = Some(map.next_value()?),
                TopKey::Data => {
                    self.top.saw_data = true;
                    map.next_value_seed(DataSeed {
                        report: &mut *self.report,
                        undo: &mut *self.undo,
                        not_rows: &mut self.top.not_rows,
                    })?;
                }
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Any JSON scalar as text (objects and lists as their JSON), `null` as `None`.
pub(super) struct LooseText(pub(super) Option<String>);

impl<'de> de::Deserialize<'de> for LooseText {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<LooseText, D::Error> {
        d.deserialize_any(ScalarVisitor(|s: Option<&str>, _odd: bool| {
            LooseText(s.map(str::to_string))
        }))
    }
}

/// Calls its function with the text of any JSON value: strings as they are, numbers and
/// booleans as written, `null` as `None`, objects and lists as compact JSON (flagged odd).
struct ScalarVisitor<F>(F);

impl<'de, F, R> Visitor<'de> for ScalarVisitor<F>
where
    F: FnOnce(Option<&str>, bool) -> R,
{
    type Value = R;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<R, E> {
        Ok((self.0)(Some(v), false))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<R, E> {
        Ok((self.0)(Some(if v { "true" } else { "false" }), false))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<R, E> {
        Ok((self.0)(Some(&v.to_string()), false))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<R, E> {
        Ok((self.0)(Some(&v.to_string()), false))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<R, E> {
        Ok((self.0)(Some(&v.to_string()), false))
    }
    fn visit_unit<E: de::Error>(self) -> Result<R, E> {
        Ok((self.0)(None, false))
    }
    fn visit_none<E: de::Error>(self) -> Result<R, E> {
        Ok((self.0)(None, false))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<R, A::Error> {
        let v: serde_json::Value =
            de::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok((self.0)(Some(&v.to_string()), true))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<R, A::Error> {
        let v: serde_json::Value =
            de::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok((self.0)(Some(&v.to_string()), true))
    }
}

struct DataSeed<'a> {
    report: &'a mut Report,
    undo: &'a mut Undo,
    not_rows: &'a mut usize,
}

impl<'de> DeserializeSeed<'de> for DataSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DataSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows, one row, or null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element_seed(RowSeed {
            report: &mut *self.report,
            undo: &mut *self.undo,
        })? {
            if let Element::NotRow { .. } = element {
                *self.not_rows += 1;
            }
        }
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        read_row(map, self.report, self.undo).map(|_| ())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if v.trim().is_empty() {
            Ok(())
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }
}

/// What one element of `data` was.
pub(super) enum Element {
    /// An object, read as a row; `nested` when one of its values was an object or list.
    Row { nested: bool },
    /// Anything else, skipped; `nested` when it was a list.
    NotRow { nested: bool },
}

/// One element of `data`: a row when it is an object; anything else is skipped.
pub(super) struct RowSeed<'a> {
    pub(super) report: &'a mut Report,
    pub(super) undo: &'a mut Undo,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = Element;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Element, D::Error> {
        d.deserialize_any(self)
    }
}

const NOT_ROW: Element = Element::NotRow { nested: false };

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = Element;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
        read_row(map, self.report, self.undo).map(|nested| Element::Row { nested })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Element::NotRow { nested: true })
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Element, E> {
        Ok(NOT_ROW)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Element, E> {
        Ok(NOT_ROW)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Element, E> {
        Ok(NOT_ROW)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Element, E> {
        Ok(NOT_ROW)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Element, E> {
        Ok(NOT_ROW)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Element, E> {
        Ok(NOT_ROW)
    }
}

struct RowKeySeed;

impl<'de> DeserializeSeed<'de> for RowKeySeed {
    type Value = Option<Field>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<Field>, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for RowKeySeed {
    type Value = Option<Field>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Field>, E> {
        Ok(field_of(v))
    }
}

/// The field a row's key names, if any.
pub(super) fn field_of(key: &str) -> Option<Field> {
    Some(match key {
        "conn_id" => Field::ConnId,
        "time_on_rp" => Field::TimeOnRp,
        "end_date_rp" => Field::EndDateRp,
        "rp_id" => Field::RpId,
        "ani" => Field::Ani,
        "customer_id" => Field::CustomerId,
        "time_on_skill" => Field::TimeOnSkill,
        "skill_id" => Field::SkillId,
        "skill_result" => Field::SkillResult,
        "go_to_agent" => Field::GoToAgent,
        "agent_id" => Field::AgentId,
        "agent_name" => Field::AgentName,
        "time_with_agent" => Field::TimeWithAgent,
        "cod_act" => Field::CodAct,
        "cod_act_2" => Field::CodAct2,
        "type_interaction" => Field::TypeInteraction,
        "total_time" => Field::TotalTime,
        other => return Field::from_api_name(other),
    })
}

struct ValueSeed<'a> {
    report: &'a mut Report,
    row: &'a mut RowBuilder,
    field: Field,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let ValueSeed { report, row, field } = self;
        d.deserialize_any(ScalarVisitor(|s: Option<&str>, odd: bool| {
            row.set(report, field, s, odd)
        }))
    }
}

/// Skips a value, telling whether it was an object or a list.
struct NestedProbe;

impl<'de> DeserializeSeed<'de> for NestedProbe {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(ScalarVisitor(|_: Option<&str>, nested: bool| nested))
    }
}

/// Reads one row and merges it; `true` when one of its values was an object or a list.
fn read_row<'de, A: MapAccess<'de>>(
    mut map: A,
    report: &mut Report,
    undo: &mut Undo,
) -> Result<bool, A::Error> {
    let mut row = RowBuilder::new();
    while let Some(key) = map.next_key_seed(RowKeySeed)? {
        match key {
            Some(field) => map.next_value_seed(ValueSeed {
                report: &mut *report,
                row: &mut row,
                field,
            })?,
            None => row.nested |= map.next_value_seed(NestedProbe)?,
        }
    }
    let nested = row.nested;
    report.commit(row.finish(), undo);
    Ok(nested)
}
