//! Every user-facing text, in Spanish and English, from one typed catalogue.
//!
//! The catalogue is a macro-generated struct, so a text missing in one language is a
//! compile error; [`ENTRIES`] lets tests check that both languages use the same
//! `{placeholders}`. Numbers and durations are formatted here too, in each language's
//! convention.

use std::fmt::{self, Display, Write as _};

use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Spanish (the default for any `es-*` locale).
    Es,
    /// English.
    En,
}

impl Lang {
    /// The catalogue of texts for this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Es => &ES,
            Lang::En => &EN,
        }
    }

    /// Picks the language from a locale name such as `es-CO`, `es_CO.UTF-8` or `en-US`:
    /// Spanish for any Spanish locale, else English.
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        let lang = lower.split(['-', '_', '.', '@']).next().unwrap_or("");
        if lang == "es" { Lang::Es } else { Lang::En }
    }

    /// The language of the operating system's locale.
    pub fn from_os() -> Lang {
        sys_locale::get_locale()
            .map(|l| Lang::from_locale(&l))
            .unwrap_or(Lang::En)
    }

    /// The two-letter code (`es`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
}

impl Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Fills `{name}` placeholders of a catalogue template.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => {
                        let _ = write!(out, "{value}");
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{placeholders}` a template uses, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

/// The titles of the paths table, in the order of
/// [`crate::report::paths::PathLine`]'s fields.
pub fn path_titles(t: &Texts) -> [&'static str; 7] {
    [
        t.paths_col_path,
        t.summary_col_calls,
        t.summary_col_transferred,
        t.summary_col_retained,
        t.paths_col_unknown,
        t.paths_col_median_ivr,
        t.paths_col_long_ivr,
    ]
}

/// The titles of the per-routing-point table of the key numbers, in the order of
/// [`crate::report::RoutingPointNumbers`]' fields.
pub fn routing_point_titles(t: &Texts) -> [&'static str; 6] {
    [
        t.summary_col_rp,
        t.summary_col_calls,
        t.summary_col_retained,
        t.summary_col_transferred,
        t.summary_col_median_ivr,
        t.summary_col_long_ivr,
    ]
}

/// A report's date and time in the language's convention; empty when it has none.
pub fn stamp(lang: Lang, s: crate::report::Stamp) -> String {
    s.civil().map(|dt| date_time(lang, dt)).unwrap_or_default()
}

/// One period of a comparison in words: its name, dates and calls.
pub fn period_line(lang: Lang, name: &str, p: &crate::report::Period, calls: u64) -> String {
    fill(
        lang.texts().compare_period_line,
        &[
            ("name", &name),
            ("from", &stamp(lang, p.from)),
            ("to", &stamp(lang, p.to)),
            ("calls", &int(lang, calls)),
        ],
    )
}

/// The dates two periods share, in words, when they share any.
pub fn overlap_line(
    lang: Lang,
    a: &crate::report::Period,
    b: &crate::report::Period,
) -> Option<String> {
    a.overlaps(b).then(|| {
        fill(
            lang.texts().compare_overlap,
            &[
                ("from", &stamp(lang, a.from.max(b.from))),
                ("to", &stamp(lang, a.to.min(b.to))),
            ],
        )
    })
}

/// A change's verdict in words: probably real, within normal variation, or no data.
pub fn verdict(t: &Texts, likely_real: Option<bool>) -> &'static str {
    match likely_real {
        Some(true) => t.compare_probably_real,
        Some(false) => t.compare_normal_variation,
        None => t.summary_no_value,
    }
}

/// The friendly title of a column.
pub fn column_title(t: &Texts, f: crate::report::Field) -> &'static str {
    match f {
        crate::report::Field::ConnId => t.col_conn_id,
        crate::report::Field::TimeOnRp => t.col_ivr_time,
        crate::report::Field::EndDateRp => t.col_date,
        crate::report::Field::RpId => t.col_rp,
        crate::report::Field::Ani => t.col_ani,
        crate::report::Field::CustomerId => t.col_customer,
        crate::report::Field::TimeOnSkill => t.col_queue_time,
        crate::report::Field::SkillId => t.col_skill,
        crate::report::Field::SkillResult => t.col_skill_result,
        crate::report::Field::GoToAgent => t.col_transfer,
        crate::report::Field::AgentId => t.col_agent_id,
        crate::report::Field::AgentName => t.col_agent,
        crate::report::Field::TimeWithAgent => t.col_agent_time,
        crate::report::Field::CodAct => t.col_cod_act,
        crate::report::Field::CodAct2 => t.col_cod_act_2,
        crate::report::Field::TypeInteraction => t.col_type,
        crate::report::Field::TotalTime => t.col_total,
    }
}

/// Whose numbering an operating-system error code follows: the same number means
/// different things on Windows and elsewhere (32 is a sharing violation on Windows, a
/// broken pipe on Linux and macOS).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorCodes {
    /// Windows' system error codes (`ERROR_*`).
    Windows,
    /// POSIX `errno` values (Linux, macOS).
    Posix,
}

impl ErrorCodes {
    /// The numbering of the system this program runs on.
    pub const HERE: ErrorCodes = if cfg!(windows) {
        ErrorCodes::Windows
    } else {
        ErrorCodes::Posix
    };
}

/// Windows' `ERROR_SHARING_VIOLATION`: another program opened the file without sharing it,
/// as Excel does with every workbook and CSV it has open.
const WINDOWS_SHARING_VIOLATION: i32 = 32;
/// Windows' `ERROR_LOCK_VIOLATION`: another program locked a part of the file.
const WINDOWS_LOCK_VIOLATION: i32 = 33;

/// Whether an error with the raw code `raw`, numbered as on `codes`, means that another
/// program (on an office computer, nearly always Excel) holds the file open. Rust gives
/// these codes no error kind of their own, so only the number tells.
pub fn held_by_another_program(codes: ErrorCodes, raw: Option<i32>) -> bool {
    codes == ErrorCodes::Windows
        && matches!(
            raw,
            Some(WINDOWS_SHARING_VIOLATION | WINDOWS_LOCK_VIOLATION)
        )
}

/// Plain words for an operating-system file error.
pub fn io_reason(lang: Lang, err: &std::io::Error) -> String {
    io_reason_on(lang, err, ErrorCodes::HERE)
}

/// [`io_reason`] for an error whose code follows `codes`, so that each system's words can
/// be checked on any system.
pub fn io_reason_on(lang: Lang, err: &std::io::Error, codes: ErrorCodes) -> String {
    use std::io::ErrorKind;
    let t = lang.texts();
    if held_by_another_program(codes, err.raw_os_error()) {
        return t.io_held_open.to_string();
    }
    match err.kind() {
        ErrorKind::NotFound => t.io_not_found.to_string(),
        ErrorKind::PermissionDenied => t.io_permission.to_string(),
        ErrorKind::IsADirectory => t.io_is_directory.to_string(),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => t.io_no_space.to_string(),
        ErrorKind::ResourceBusy => t.io_in_use.to_string(),
        ErrorKind::AlreadyExists => t.io_exists.to_string(),
        ErrorKind::NotADirectory => t.io_not_a_folder.to_string(),
        ErrorKind::ReadOnlyFilesystem => t.io_read_only.to_string(),
        ErrorKind::InvalidFilename => t.io_bad_name.to_string(),
        ErrorKind::TimedOut => t.io_timed_out.to_string(),
        ErrorKind::Unsupported => t.io_unsupported.to_string(),
        // The system's own words are in its language, not the user's: its number only.
        _ => match err.raw_os_error() {
            Some(code) => fill(t.io_os_code, &[("code", &code)]),
            None => fill(t.io_other, &[("detail", err)]),
        },
    }
}

/// A date in the language's convention: `25/11/2026` or `2026-11-25`.
pub fn date(lang: Lang, d: jiff::civil::Date) -> String {
    match lang {
        Lang::Es => format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()),
        Lang::En => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
    }
}

/// A date and time to the second in the language's convention.
pub fn date_time(lang: Lang, dt: jiff::civil::DateTime) -> String {
    format!(
        "{} {:02}:{:02}:{:02}",
        date(lang, dt.date()),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// The name of month 1..=12.
pub fn month_name(lang: Lang, month: i8) -> &'static str {
    lang.texts()
        .month_names
        .split(',')
        .nth((month.clamp(1, 12) - 1) as usize)
        .unwrap_or("")
}

/// Formats a whole number with the language's thousands separator (`1,234` / `1.234`).
pub fn int(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Es => '.',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// Formats a number with one decimal in the language's convention (`1,234.5` / `1.234,5`).
pub fn decimal1(lang: Lang, x: f64) -> String {
    let tenths = (x * 10.0).round();
    let negative = tenths < 0.0;
    let tenths = tenths.abs() as u64;
    let whole = int(lang, tenths / 10);
    let frac = tenths % 10;
    let point = match lang {
        Lang::Es => ',',
        Lang::En => '.',
    };
    format!("{}{whole}{point}{frac}", if negative { "-" } else { "" })
}

/// Formats a share 0..1 as a percentage (`32.4%` / `32,4 %`).
pub fn percent(lang: Lang, share: f64) -> String {
    let value = decimal1(lang, share * 100.0);
    match lang {
        Lang::Es => format!("{value} %"),
        Lang::En => format!("{value}%"),
    }
}

/// Formats seconds as `M:SS` under an hour and `H:MM:SS` from an hour on.
pub fn duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Formats a mean number of seconds, rounded to the nearest second.
pub fn duration_f(secs: f64) -> String {
    duration(secs.max(0.0).round() as u64)
}

macro_rules! catalogue {
    ($( $key:ident { en: $en:literal, es: $es:literal } )*) => {
        /// The texts of one language; see [`EN`] and [`ES`].
        #[derive(Debug)]
        pub struct Texts {
            $(
                #[doc = $en]
                pub $key: &'static str,
            )*
        }
        /// English texts.
        pub static EN: Texts = Texts { $( $key: $en, )* };
        /// Spanish texts.
        pub static ES: Texts = Texts { $( $key: $es, )* };
        /// Every entry as (key, English, Spanish), for checks over the whole catalogue.
        pub const ENTRIES: &[(&str, &str, &str)] = &[ $( (stringify!($key), $en, $es), )* ];
    };
}

catalogue! {
    // ---- command line: general ----
    app_about {
        en: "Wolkvox \"IVR vs. transferred to agent\" report: fetch, summarise and export.",
        es: "Reporte de Wolkvox \"IVR vs. transferido a agente\": descargar, resumir y exportar."
    }
    error_prefix { en: "Error", es: "Error" }
    warning_prefix { en: "Warning", es: "Aviso" }
    usage_hint {
        en: "Run `wolkvox-ivr --help` to see how to use it.",
        es: "Ejecute `wolkvox-ivr --help` para ver cómo se usa."
    }
    usage_unknown_argument {
        en: "I don't know the option {arg}.",
        es: "No conozco la opción {arg}."
    }
    usage_missing_argument {
        en: "Something required is missing: {arg}.",
        es: "Falta algo obligatorio: {arg}."
    }
    usage_invalid_value {
        en: "The value {value} is not valid for {arg}.",
        es: "El valor {value} no es válido para {arg}."
    }
    usage_missing_command {
        en: "Say what to do: one of the commands below.",
        es: "Indique qué hacer: uno de los comandos de abajo."
    }
    usage_conflict {
        en: "{arg} cannot be used together with {other}.",
        es: "{arg} no se puede usar junto con {other}."
    }
    usage_other {
        en: "The command line could not be understood: {detail}",
        es: "No se pudo entender la orden: {detail}"
    }
    usage_no_input {
        en: "Say which saved report to read with --input FILE.json.",
        es: "Indique qué reporte guardado leer con --input ARCHIVO.json."
    }

    // ---- files ----
    file_cannot_open {
        en: "The file {path} could not be opened: {reason}. Check that it exists and that you may read it.",
        es: "No se pudo abrir el archivo {path}: {reason}. Revise que exista y que tenga permiso para leerlo."
    }
    file_not_report {
        en: "The file {path} is not a Wolkvox \"IVR vs. transferred to agent\" report: {reason}",
        es: "El archivo {path} no es un reporte de Wolkvox \"IVR vs. transferido a agente\": {reason}"
    }
    file_too_large {
        en: "The file {path} is {size}, more than the {limit} this program can open. Open a report of fewer days, or save each month in a file of its own.",
        es: "El archivo {path} pesa {size}, más de los {limit} que este programa puede abrir. Abra un reporte de menos días, o guarde cada mes en un archivo aparte."
    }
    file_not_regular {
        en: "{path} is not a saved report but a folder or a device. Choose a .json file saved with “Save report…”.",
        es: "{path} no es un reporte guardado sino una carpeta o un dispositivo. Elija un archivo .json guardado con “Guardar reporte…”."
    }
    file_holds_error {
        en: "The file {path} holds an answer in which Wolkvox refused the request: {detail}",
        es: "El archivo {path} contiene una respuesta en la que Wolkvox rechazó la solicitud: {detail}"
    }

    // ---- reading a response ----
    parse_empty {
        en: "it is empty.",
        es: "está vacío."
    }
    parse_truncated {
        en: "it is cut short (the download or the save did not finish).",
        es: "está incompleto (la descarga o el guardado no terminó)."
    }
    parse_not_json {
        en: "its content is not in the report's format (JSON), near line {line}, column {column}. It may be a web page or another kind of file.",
        es: "su contenido no está en el formato del reporte (JSON), cerca de la línea {line}, columna {column}. Puede ser una página web u otro tipo de archivo."
    }
    parse_too_deep {
        en: "its content is nested too deeply to be a report.",
        es: "su contenido está anidado demasiado profundo para ser un reporte."
    }
    parse_wrong_shape {
        en: "it is valid JSON but not shaped like a report ({detail}).",
        es: "es JSON válido pero no tiene la forma de un reporte ({detail})."
    }
    api_refused {
        en: "Wolkvox answered with code {code}: {error} {msg}",
        es: "Wolkvox respondió con el código {code}: {error} {msg}"
    }

    // ---- summary ----
    summary_title { en: "IVR vs. transferred to agent", es: "IVR vs. transferido a agente" }
    summary_calls { en: "Calls", es: "Llamadas" }
    summary_retained { en: "Retained in the IVR", es: "Retenidas en el IVR" }
    summary_transferred { en: "Transferred to an agent", es: "Transferidas a un agente" }
    summary_unknown_transfer { en: "Transfer unknown", es: "Transferencia desconocida" }
    summary_share_of_known {
        en: "shares are of the {n} calls whose transfer is known",
        es: "los porcentajes son sobre las {n} llamadas con transferencia conocida"
    }
    summary_queue_abandons {
        en: "Callers who left while queued",
        es: "Llamantes que colgaron en cola"
    }
    summary_ivr_time { en: "IVR time", es: "Tiempo en IVR" }
    summary_ivr_stats {
        en: "median {median} · P90 {p90} · mean {mean} · longest {max}",
        es: "mediana {median} · P90 {p90} · promedio {mean} · máximo {max}"
    }
    summary_long_ivr { en: "Long IVR (over {threshold})", es: "IVR largo (más de {threshold})" }
    summary_queue_time_mean { en: "Mean time in queue", es: "Tiempo promedio en cola" }
    summary_agent_time_mean { en: "Mean time with agent", es: "Tiempo promedio con agente" }
    summary_repeat_calls { en: "Repeat calls within 24 h", es: "Rellamadas en 24 h" }
    summary_unreadable { en: "Unreadable values", es: "Valores ilegibles" }
    summary_no_value { en: "no data", es: "sin datos" }
    summary_by_rp { en: "By routing point", es: "Por punto de enrutamiento" }
    summary_col_rp { en: "Routing point", es: "Punto de enrutamiento" }
    summary_col_calls { en: "Calls", es: "Llamadas" }
    summary_col_retained { en: "Retained", es: "Retenidas" }
    summary_col_transferred { en: "Transferred", es: "Transferidas" }
    summary_col_median_ivr { en: "Median IVR", es: "Mediana IVR" }
    summary_col_long_ivr { en: "Long IVR", es: "IVR largo" }
    summary_calls_unit { en: "calls", es: "llamadas" }
    summary_no_calls {
        en: "There are no calls in this report.",
        es: "No hay llamadas en este reporte."
    }

    io_not_found { en: "it does not exist", es: "no existe" }
    io_permission { en: "permission denied", es: "no hay permiso" }
    io_is_directory {
        en: "it is a folder or a device, not a file",
        es: "es una carpeta o un dispositivo, no un archivo"
    }
    io_no_space { en: "the disk is full", es: "el disco está lleno" }
    io_in_use {
        en: "another program (Excel?) has it open",
        es: "otro programa (¿Excel?) lo tiene abierto"
    }
    io_other { en: "{detail}", es: "{detail}" }
    file_skipped_elements {
        en: "{path}: {n} elements of the data list were not rows and were skipped.",
        es: "{path}: {n} elementos de la lista de datos no eran filas y se omitieron."
    }

    // ---- server and API ----
    server_empty {
        en: "Type the operation's server number: four digits such as 0002 (from the address wv0002.wolkvox.com).",
        es: "Escriba el número de servidor de la operación: cuatro dígitos como 0002 (de la dirección wv0002.wolkvox.com)."
    }
    server_invalid {
        en: "\"{input}\" is not a Wolkvox server. Type four digits such as 0002, or wv0002, or the address https://wv0002.wolkvox.com.",
        es: "\"{input}\" no es un servidor de Wolkvox. Escriba cuatro dígitos como 0002, o wv0002, o la dirección https://wv0002.wolkvox.com."
    }
    api_missing_token {
        en: "Wolkvox received no token. Connect to Wolkvox again and paste the token.",
        es: "Wolkvox no recibió ningún token. Conéctese de nuevo a Wolkvox y pegue el token."
    }
    api_invalid_token {
        en: "Wolkvox refused the token: it is wrong or has expired. Create a new one in Wolkvox Manager (Configuración > Integraciones > Tokens) and connect again.",
        es: "Wolkvox rechazó el token: es incorrecto o venció. Cree uno nuevo en Wolkvox Manager (Configuración > Integraciones > Tokens) y conéctese de nuevo."
    }
    api_quota {
        en: "The operation has used up today's 1,000 requests to Wolkvox. Try again tomorrow; reports already loaded stay available.",
        es: "La operación ya usó las 1.000 solicitudes diarias a Wolkvox. Intente de nuevo mañana; los reportes ya cargados siguen disponibles."
    }
    api_busy {
        en: "Another program is using the same token right now, and Wolkvox takes one request at a time. Wait a moment and try again.",
        es: "Otro programa está usando el mismo token en este momento, y Wolkvox atiende una solicitud a la vez. Espere un momento e intente de nuevo."
    }
    api_refused_words {
        en: "Wolkvox refused the request and said: \"{words}\". It may be in maintenance, or the operation may only allow certain IP addresses; try later or ask your Wolkvox administrator.",
        es: "Wolkvox rechazó la solicitud y dijo: \"{words}\". Puede estar en mantenimiento, o la operación puede permitir solo ciertas direcciones IP; intente más tarde o consulte a su administrador de Wolkvox."
    }
    api_unknown_report {
        en: "This server does not offer the \"IVR vs. transferred to agent\" report. Check the server number, or ask Wolkvox to enable the report.",
        es: "Este servidor no ofrece el reporte \"IVR vs. transferido a agente\". Revise el número de servidor o pida a Wolkvox que habilite el reporte."
    }
    api_bad_request {
        en: "Wolkvox did not accept the request: \"{words}\".",
        es: "Wolkvox no aceptó la solicitud: \"{words}\"."
    }
    api_server_error {
        en: "Wolkvox had a problem answering (error {status}). Try again in a few minutes.",
        es: "Wolkvox tuvo un problema al responder (error {status}). Intente de nuevo en unos minutos."
    }
    api_redirected {
        en: "The server tried to send the request somewhere else, which is not allowed. Check the server number.",
        es: "El servidor intentó enviar la solicitud a otro lugar, lo que no está permitido. Revise el número de servidor."
    }
    api_network {
        en: "Could not reach Wolkvox. Check the internet connection and the server number; if your operation only allows certain IP addresses, this computer's may not be one of them.",
        es: "No se pudo conectar con Wolkvox. Revise la conexión a internet y el número de servidor; si la operación solo permite ciertas direcciones IP, la de este computador puede no estar entre ellas."
    }
    api_timeout {
        en: "Wolkvox took too long to answer. Try a shorter date range or try again later.",
        es: "Wolkvox tardó demasiado en responder. Pruebe un rango de fechas más corto o intente más tarde."
    }
    api_malformed {
        en: "Wolkvox's answer could not be read: {reason}",
        es: "No se pudo leer la respuesta de Wolkvox: {reason}"
    }
    api_too_large {
        en: "Wolkvox's answer is larger than the 256 MB the API allows. Try a shorter date range.",
        es: "La respuesta de Wolkvox supera los 256 MB que permite la API. Pruebe un rango de fechas más corto."
    }
    api_token_not_sendable {
        en: "The token has characters that cannot be sent (line breaks or spaces inside). Copy it again from Wolkvox Manager.",
        es: "El token tiene caracteres que no se pueden enviar (saltos de línea o espacios). Cópielo de nuevo desde Wolkvox Manager."
    }
    api_cancelled { en: "Cancelled.", es: "Cancelado." }
    api_internal {
        en: "Something went wrong inside the app while loading. The calls already loaded are kept; a report was saved for your support person. Try loading again.",
        es: "Algo falló dentro de la aplicación durante la carga. Las llamadas ya cargadas se conservan; se guardó un informe para su soporte técnico. Intente cargar de nuevo."
    }
    ui_crash_notice {
        en: "The app closed unexpectedly last time. A report was saved in {path}; please send it to your support person.",
        es: "La aplicación se cerró inesperadamente la última vez. Se guardó un informe en {path}; envíelo a su soporte técnico."
    }

    when_invalid {
        en: "\"{input}\" is not a date I can read. Use today, yesterday, -7d (7 days ago), YYYY-MM-DD or YYYY-MM-DDTHH:MM.",
        es: "\"{input}\" no es una fecha que pueda leer. Use today, yesterday, -7d (hace 7 días), AAAA-MM-DD (YYYY-MM-DD) o YYYY-MM-DDTHH:MM."
    }

    // ---- fetching ----
    fetch_progress {
        en: "request {done} of {planned} · {rows} calls",
        es: "solicitud {done} de {planned} · {rows} llamadas"
    }
    fetch_missing {
        en: "These ranges could not be fetched: {ranges}. The rest was kept; fetch the missing ranges again later.",
        es: "No se pudieron descargar estos rangos: {ranges}. El resto se conservó; vuelva a descargar los rangos faltantes más tarde."
    }
    fetch_missing_reason { en: "{range} ({reason})", es: "{range} ({reason})" }
    fetch_capped {
        en: "The range {range} returned {cap} or more rows, the API's limit for one request, even split to a minute; some calls may be missing.",
        es: "El rango {range} devolvió {cap} filas o más, el límite de la API por solicitud, aun dividido hasta un minuto; pueden faltar llamadas."
    }
    fetch_written {
        en: "{rows} calls saved in {path}.",
        es: "{rows} llamadas guardadas en {path}."
    }
    fetch_cost {
        en: "This range uses {n} of the operation's daily requests.",
        es: "Este rango usa {n} de las solicitudes diarias de la operación."
    }
    file_cannot_write {
        en: "The file {path} could not be written: {reason}. Nothing was changed.",
        es: "No se pudo escribir el archivo {path}: {reason}. No se cambió nada."
    }
    usage_source {
        en: "Say where the calls come from: --input FILE.json, --server NNNN, or --demo.",
        es: "Indique de dónde salen las llamadas: --input ARCHIVO.json, --server NNNN o --demo."
    }
    usage_range_needed {
        en: "Say which dates to fetch with --from and --to (for example --from yesterday --to yesterday).",
        es: "Indique qué fechas descargar con --from y --to (por ejemplo --from yesterday --to yesterday)."
    }
    usage_range_backwards {
        en: "The end date (--to) is before the start date (--from).",
        es: "La fecha final (--to) es anterior a la inicial (--from)."
    }
    usage_token_empty {
        en: "The token read from standard input is empty.",
        es: "El token leído de la entrada estándar está vacío."
    }
    demo_cannot_start {
        en: "The demo server could not start: {reason}",
        es: "No se pudo iniciar el servidor de demostración: {reason}"
    }

    // ---- window ----
    ui_title { en: "Wolkvox · IVR vs. transferred to agent", es: "Wolkvox · IVR vs. transferido a agente" }
    ui_server { en: "Server", es: "Servidor" }
    ui_server_hint { en: "0002", es: "0002" }
    ui_from { en: "From", es: "Desde" }
    ui_to { en: "To", es: "Hasta" }
    ui_hour { en: "hour", es: "hora" }
    ui_minute { en: "minute", es: "minuto" }
    ui_preset_today { en: "Today", es: "Hoy" }
    ui_preset_yesterday { en: "Yesterday", es: "Ayer" }
    ui_preset_last7 { en: "Last 7 days", es: "Últimos 7 días" }
    ui_preset_this_month { en: "This month", es: "Este mes" }
    ui_preset_last_month { en: "Last month", es: "Mes pasado" }
    ui_load { en: "Load report", es: "Cargar reporte" }
    ui_cancel { en: "Cancel", es: "Cancelar" }
    ui_why_no_server {
        en: "Type the server number first (four digits, such as 0002).",
        es: "Escriba primero el número de servidor (cuatro dígitos, como 0002)."
    }
    ui_why_no_token {
        en: "Connect to Wolkvox first: the server needs a token.",
        es: "Conéctese primero a Wolkvox: el servidor necesita un token."
    }
    ui_why_backwards {
        en: "“To” is before “From”.",
        es: "“Hasta” es anterior a “Desde”."
    }
    ui_why_busy { en: "A report is loading.", es: "Se está cargando un reporte." }
    ui_cost {
        en: "Uses {n} of the operation's 1,000 daily requests · this computer used {today} today",
        es: "Usa {n} de las 1.000 solicitudes diarias de la operación · este computador usó {today} hoy"
    }
    ui_progress {
        en: "request {done} of {planned} · {rows} calls",
        es: "solicitud {done} de {planned} · {rows} llamadas"
    }
    ui_connect { en: "Connect to Wolkvox…", es: "Conectar a Wolkvox…" }
    ui_connect_title { en: "Connect to Wolkvox", es: "Conectar a Wolkvox" }
    ui_token { en: "Token", es: "Token" }
    ui_token_hint { en: "paste the token here", es: "pegue aquí el token" }
    ui_token_help {
        en: "The server number is in your Wolkvox address: wv0002.wolkvox.com is server 0002. Create a token in Wolkvox Manager under Configuración > Integraciones > Tokens.",
        es: "El número de servidor está en su dirección de Wolkvox: wv0002.wolkvox.com es el servidor 0002. Cree un token en Wolkvox Manager en Configuración > Integraciones > Tokens."
    }
    ui_token_kept_in_keychain {
        en: "The token is kept in this computer's keychain, never in a file, and is never shown again.",
        es: "El token se guarda en el llavero de este computador, nunca en un archivo, y no se vuelve a mostrar."
    }
    ui_connect_ok { en: "Connect", es: "Conectar" }
    ui_token_empty { en: "Paste the token.", es: "Pegue el token." }
    ui_connected {
        en: "Server {server} · token …{tail}",
        es: "Servidor {server} · token …{tail}"
    }
    ui_demo_badge { en: "Demo data", es: "Datos de demostración" }
    ui_demo_explain {
        en: "Synthetic calls from the built-in demo server, so you can try the app. Connect to Wolkvox to see your operation.",
        es: "Llamadas sintéticas del servidor de demostración incluido, para probar la aplicación. Conéctese a Wolkvox para ver su operación."
    }
    ui_search { en: "Search", es: "Buscar" }
    ui_search_hint { en: "phone, customer, agent or call ID", es: "teléfono, cliente, agente o ID de llamada" }
    ui_show_transferred { en: "Transferred", es: "Transferidas" }
    ui_show_retained { en: "Retained", es: "Retenidas" }
    ui_show_unknown { en: "Unknown", es: "Desconocidas" }
    ui_routing_point { en: "Routing point", es: "Punto de enrutamiento" }
    ui_call_type { en: "Call type", es: "Tipo de llamada" }
    ui_all { en: "All", es: "Todos" }
    ui_only_long { en: "Only long IVR", es: "Solo IVR largo" }
    ui_threshold { en: "Long IVR above (seconds)", es: "IVR largo desde (segundos)" }
    ui_count { en: "{n} of {m} calls", es: "{n} de {m} llamadas" }
    ui_long_count { en: "{n} with long IVR", es: "{n} con IVR largo" }
    ui_clear_filters { en: "Clear filters", es: "Quitar filtros" }
    col_conn_id { en: "Call ID", es: "ID de llamada" }
    col_ivr_time { en: "IVR time", es: "Tiempo en IVR" }
    col_date { en: "Date and time", es: "Fecha y hora" }
    col_rp { en: "Routing point", es: "Punto de enrutamiento" }
    col_ani { en: "Phone", es: "Teléfono" }
    col_customer { en: "Customer ID", es: "ID de cliente" }
    col_queue_time { en: "Queue time", es: "Tiempo en cola" }
    col_skill { en: "Skill", es: "Skill" }
    col_skill_result { en: "IVR result", es: "Resultado IVR" }
    col_transfer { en: "To agent", es: "A agente" }
    col_agent_id { en: "Agent ID", es: "ID de agente" }
    col_agent { en: "Agent", es: "Agente" }
    col_agent_time { en: "Agent time", es: "Tiempo con agente" }
    col_cod_act { en: "Disposition", es: "Tipificación" }
    col_cod_act_2 { en: "Sub-disposition", es: "Subtipificación" }
    col_type { en: "Call type", es: "Tipo de llamada" }
    col_total { en: "Total time", es: "Tiempo total" }
    ui_yes { en: "Yes", es: "Sí" }
    ui_no { en: "No", es: "No" }
    ui_unreadable { en: "unreadable", es: "ilegible" }
    ui_details { en: "Call details", es: "Detalle de la llamada" }
    ui_details_none {
        en: "Select a call in the table to see all its fields.",
        es: "Seleccione una llamada en la tabla para ver todos sus campos."
    }
    ui_copy { en: "Copy", es: "Copiar" }
    ui_as_received { en: "as received", es: "tal como llegó" }
    ui_missing_banner {
        en: "Some ranges could not be loaded: {ranges}. The calls shown are kept.",
        es: "Algunos rangos no se pudieron cargar: {ranges}. Las llamadas que se ven se conservan."
    }
    ui_retry_missing { en: "Retry missing ranges", es: "Reintentar rangos faltantes" }
    ui_live { en: "Refresh every 5 minutes", es: "Actualizar cada 5 minutos" }
    ui_live_cost {
        en: "Each refresh is one request; a full day of it uses 288 of the operation's 1,000 daily requests.",
        es: "Cada actualización es una solicitud; un día completo usa 288 de las 1.000 solicitudes diarias de la operación."
    }
    ui_last_updated { en: "Last updated {time}", es: "Actualizado a las {time}" }
    ui_refresh_now { en: "Refresh now", es: "Actualizar ahora" }
    ui_open { en: "Open report…", es: "Abrir reporte…" }
    ui_save { en: "Save report…", es: "Guardar reporte…" }
    ui_saved { en: "Saved in {path}.", es: "Guardado en {path}." }
    ui_opened { en: "Opened {path}: {n} calls.", es: "Abierto {path}: {n} llamadas." }
    ui_path { en: "File path", es: "Ruta del archivo" }
    ui_ok { en: "OK", es: "Aceptar" }
    ui_dismiss { en: "Dismiss", es: "Cerrar" }
    ui_empty_state {
        en: "Choose the dates and press “Load report”.",
        es: "Elija las fechas y presione “Cargar reporte”."
    }
    ui_no_calls_in_range { en: "No calls in this range.", es: "No hay llamadas en este rango." }
    ui_threshold_slider { en: "Long IVR threshold", es: "Umbral de IVR largo" }
    ui_nothing_to_save { en: "There is nothing to save yet.", es: "Todavía no hay nada que guardar." }
    month_names {
        en: "January,February,March,April,May,June,July,August,September,October,November,December",
        es: "enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre"
    }
    weekday_initials { en: "Mo,Tu,We,Th,Fr,Sa,Su", es: "lu,ma,mi,ju,vi,sá,do" }
    ui_prev_month { en: "Previous month", es: "Mes anterior" }
    ui_next_month { en: "Next month", es: "Mes siguiente" }

    // ---- key numbers strip and charts ----
    kn_calls_help {
        en: "Rows in view after removing duplicates; a call through two routing points counts in each.",
        es: "Filas a la vista sin duplicados; una llamada que pasó por dos puntos de enrutamiento cuenta en cada uno."
    }
    kn_retained_help {
        en: "Calls that stayed in the IVR, as a share of the calls whose transfer flag is known.",
        es: "Llamadas que se quedaron en el IVR, como porcentaje de las llamadas con transferencia conocida."
    }
    kn_transferred_help {
        en: "Calls sent to an agent, as a share of the calls whose transfer flag is known.",
        es: "Llamadas enviadas a un agente, como porcentaje de las llamadas con transferencia conocida."
    }
    kn_unknown_help {
        en: "Calls whose transfer flag is missing or not yes/no; they are left out of the shares.",
        es: "Llamadas sin indicador de transferencia o con un valor que no es sí/no; no entran en los porcentajes."
    }
    kn_abandons_help {
        en: "Retained calls that reached a skill (queue): callers who hung up while waiting, not served by the IVR.",
        es: "Llamadas retenidas que llegaron a un skill (cola): llamantes que colgaron esperando, no atendidos por el IVR."
    }
    kn_median_p90 { en: "IVR time: median · P90", es: "Tiempo en IVR: mediana · P90" }
    kn_median_help {
        en: "Half of the calls navigated the IVR for less than the median; 9 in 10 for less than the P90 (nearest rank).",
        es: "La mitad de las llamadas navegó el IVR menos que la mediana; 9 de cada 10, menos que el P90 (rango más cercano)."
    }
    col_long_ivr_short { en: "Long IVR", es: "IVR largo" }
    kn_long_help {
        en: "Calls whose IVR time is above the threshold, and their share of the calls with a readable IVR time.",
        es: "Llamadas con tiempo en IVR sobre el umbral, y su porcentaje entre las llamadas con tiempo en IVR legible."
    }
    kn_queue_help {
        en: "Average time in the queue over calls with a readable queue time.",
        es: "Tiempo promedio en cola sobre las llamadas con tiempo en cola legible."
    }
    kn_agent_help {
        en: "Average time with the agent over transferred calls with a readable agent time.",
        es: "Tiempo promedio con el agente sobre las llamadas transferidas con tiempo legible."
    }
    kn_repeat_help {
        en: "Calls whose phone number had called before, less than 24 hours earlier.",
        es: "Llamadas cuyo número ya había llamado antes, hace menos de 24 horas."
    }
    ui_charts { en: "Charts", es: "Gráficos" }
    ui_view_table { en: "Table", es: "Tabla" }
    chart_distribution { en: "IVR time distribution", es: "Distribución del tiempo en IVR" }
    chart_distribution_help {
        en: "How many calls spent each length of time in the IVR. Drag the orange line to move the long-IVR threshold.",
        es: "Cuántas llamadas pasaron cada tiempo en el IVR. Arrastre la línea naranja para mover el umbral de IVR largo."
    }
    chart_buckets { en: "Wolkvox ranges", es: "Rangos de Wolkvox" }
    chart_fine_bins { en: "10-second steps", es: "Pasos de 10 segundos" }
    chart_axis_ivr { en: "IVR time (m:ss)", es: "Tiempo en IVR (m:ss)" }
    chart_axis_agent { en: "Agent time (m:ss)", es: "Tiempo con agente (m:ss)" }
    chart_axis_bucket { en: "IVR time (seconds)", es: "Tiempo en IVR (segundos)" }
    chart_axis_hour { en: "Hour of the day", es: "Hora del día" }
    chart_axis_mean_time { en: "Mean time (m:ss)", es: "Tiempo promedio (m:ss)" }
    chart_threshold { en: "Long IVR threshold", es: "Umbral de IVR largo" }
    chart_drag_threshold { en: "Drag the orange line to move the threshold.", es: "Arrastre la línea naranja para mover el umbral." }
    chart_scatter { en: "IVR time vs. agent time", es: "Tiempo en IVR vs. tiempo con agente" }
    chart_scatter_help {
        en: "Each dot is a call; the shaded area is long IVR. Click a dot to select its call in the table.",
        es: "Cada punto es una llamada; la zona sombreada es IVR largo. Haga clic en un punto para seleccionar su llamada en la tabla."
    }
    chart_long_region { en: "Long IVR", es: "IVR largo" }
    chart_density { en: "Calls (density)", es: "Llamadas (densidad)" }
    chart_routing_points { en: "By routing point", es: "Por punto de enrutamiento" }
    chart_routing_points_help {
        en: "Retained and transferred calls per routing point, with the median IVR time. Click a bar to show only its calls; click again to show all.",
        es: "Llamadas retenidas y transferidas por punto de enrutamiento, con la mediana del tiempo en IVR. Haga clic en una barra para ver solo sus llamadas; otra vez para verlas todas."
    }
    chart_click_to_filter { en: "Click a bar to filter the table.", es: "Haga clic en una barra para filtrar la tabla." }
    chart_median_ivr { en: "median IVR {v}", es: "mediana IVR {v}" }
    chart_hours { en: "Across the day", es: "A lo largo del día" }
    chart_hours_help {
        en: "Average IVR time and average agent time per hour, with the calls of each hour. For several days, the weekday by hour map shows the median IVR time.",
        es: "Tiempo promedio en IVR y con agente por hora, con las llamadas de cada hora. Para varios días, el mapa de día por hora muestra la mediana del tiempo en IVR."
    }
    chart_by_hour { en: "By hour", es: "Por hora" }
    chart_weekday_hour { en: "Weekday x hour", es: "Día x hora" }
    chart_median_heat { en: "Median IVR time", es: "Mediana del tiempo en IVR" }
    chart_agents { en: "By agent", es: "Por agente" }
    chart_skills { en: "By skill", es: "Por skill" }
    chart_groups_help {
        en: "Calls, mean agent time, mean queue time and share of TIMEOUTACW dispositions. Click a name to filter the table.",
        es: "Llamadas, tiempo promedio con agente, tiempo promedio en cola y porcentaje de tipificaciones TIMEOUTACW. Haga clic en un nombre para filtrar la tabla."
    }
    chart_mean_agent_short { en: "Agent", es: "Agente" }
    chart_mean_queue_short { en: "Queue", es: "Cola" }
    chart_timeout_help {
        en: "The agent ran out of wrap-up time (after-call work).",
        es: "Al agente se le acabó el tiempo de cierre (trabajo posterior a la llamada)."
    }

    // ---- keychain, connection test, settings ----
    keychain_unavailable {
        en: "This computer has no keychain available, so the token is kept only until you close the app (it is never written to a file).",
        es: "Este computador no tiene un llavero disponible, así que el token se guarda solo hasta que cierre la aplicación (nunca se escribe en un archivo)."
    }
    keychain_failed {
        en: "The keychain could not store the token ({detail}); it is kept only until you close the app.",
        es: "El llavero no pudo guardar el token ({detail}); se conserva solo hasta que cierre la aplicación."
    }
    ui_token_saved {
        en: "The token is saved in this computer's keychain.",
        es: "El token quedó guardado en el llavero de este computador."
    }
    ui_settings { en: "Settings…", es: "Preferencias…" }
    ui_settings_title { en: "Settings", es: "Preferencias" }
    ui_language { en: "Language", es: "Idioma" }
    ui_language_system { en: "Same as the computer", es: "El del computador" }
    ui_time_zone { en: "Operation time zone", es: "Zona horaria de la operación" }
    ui_time_zone_hint {
        en: "for example America/Bogota; empty uses this computer's",
        es: "por ejemplo America/Bogota; vacío usa la de este computador"
    }
    ui_time_zone_unknown {
        en: "\"{name}\" is not a time zone this computer knows; this computer's is used.",
        es: "\"{name}\" no es una zona horaria que este computador conozca; se usa la del computador."
    }
    ui_theme { en: "Theme", es: "Tema" }
    ui_theme_system { en: "Follow the computer", es: "Según el computador" }
    ui_theme_light { en: "Light", es: "Claro" }
    ui_theme_dark { en: "Dark", es: "Oscuro" }
    ui_reports_folder { en: "Folder for saved reports and exports", es: "Carpeta para reportes guardados y exportaciones" }
    ui_forget_token { en: "Forget token", es: "Olvidar token" }
    ui_token_forgotten {
        en: "The token for server {server} was deleted from this computer.",
        es: "El token del servidor {server} se borró de este computador."
    }
    ui_no_token_to_forget {
        en: "There is no connection to forget.",
        es: "No hay ninguna conexión que olvidar."
    }
    ui_test_connection { en: "Test connection", es: "Probar conexión" }
    ui_test_cost {
        en: "Sends one small request (the last minute), which uses one of the operation's daily requests.",
        es: "Envía una solicitud pequeña (el último minuto), que usa una de las solicitudes diarias de la operación."
    }
    ui_test_running { en: "Testing the connection…", es: "Probando la conexión…" }
    ui_test_ok {
        en: "Server and token work: {n} calls in the last minute.",
        es: "El servidor y el token funcionan: {n} llamadas en el último minuto."
    }
    ui_test_ok_none {
        en: "Server and token work (no calls in the last minute).",
        es: "El servidor y el token funcionan (no hubo llamadas en el último minuto)."
    }
    ui_close { en: "Close", es: "Cerrar" }
    ui_connecting { en: "Looking for a saved connection…", es: "Buscando una conexión guardada…" }
    usage_no_saved_token {
        en: "No token is saved for server {server} on this computer ({reason}). Connect once from the window, or pass it on standard input with --token-stdin.",
        es: "No hay un token guardado para el servidor {server} en este computador ({reason}). Conéctese una vez desde la ventana, o páselo por la entrada estándar con --token-stdin."
    }
    keychain_no_entry { en: "none saved", es: "ninguno guardado" }

    // ---- export ----
    ui_export { en: "Export to Excel…", es: "Exportar a Excel…" }
    ui_export_help {
        en: "Writes exactly the calls in view, in the table's order, with the key numbers on a second sheet.",
        es: "Escribe exactamente las llamadas a la vista, en el orden de la tabla, con las cifras clave en una segunda hoja."
    }
    ui_export_format { en: "Format", es: "Formato" }
    ui_format_xlsx { en: "Excel (.xlsx)", es: "Excel (.xlsx)" }
    ui_format_csv_excel { en: "CSV for Excel (;)", es: "CSV para Excel (;)" }
    ui_format_csv_plain { en: "CSV, plain (,)", es: "CSV simple (,)" }
    ui_export_progress {
        en: "Exporting {done} of {total} calls",
        es: "Exportando {done} de {total} llamadas"
    }
    ui_export_finishing { en: "Finishing the file…", es: "Terminando el archivo…" }
    ui_cancel_export { en: "Cancel export", es: "Cancelar exportación" }
    ui_open_file { en: "Open file", es: "Abrir archivo" }
    ui_show_in_folder { en: "Show in folder", es: "Mostrar en la carpeta" }
    export_sheet_calls { en: "Calls", es: "Llamadas" }
    export_sheet_summary { en: "Summary", es: "Resumen" }
    export_key_numbers { en: "Key numbers", es: "Cifras clave" }
    export_scope {
        en: "Over the {n} calls in this file.",
        es: "Sobre las {n} llamadas de este archivo."
    }
    export_col_value { en: "Value", es: "Valor" }
    export_col_share { en: "Share", es: "Porcentaje" }
    export_ivr_median { en: "IVR time, median", es: "Tiempo en IVR, mediana" }
    export_ivr_p90 { en: "IVR time, 90th percentile", es: "Tiempo en IVR, percentil 90" }
    export_ivr_mean { en: "IVR time, mean", es: "Tiempo en IVR, promedio" }
    export_ivr_max { en: "IVR time, longest", es: "Tiempo en IVR, máximo" }
    export_by_hour { en: "By hour of the day", es: "Por hora del día" }
    export_col_hour { en: "Hour", es: "Hora" }
    export_col_mean_ivr { en: "Mean IVR time", es: "Tiempo promedio en IVR" }
    export_col_mean_agent { en: "Mean agent time", es: "Tiempo promedio con agente" }
    export_hour_note {
        en: "Mean agent time is over transferred calls. Calls without a readable date are in no hour.",
        es: "El tiempo promedio con agente es sobre las llamadas transferidas. Las llamadas sin fecha legible no entran en ninguna hora."
    }
    export_chart_title {
        en: "Mean IVR time and mean agent time per hour",
        es: "Tiempo promedio en IVR y con agente por hora"
    }
    export_chart_axis_hour { en: "Hour of the day", es: "Hora del día" }
    export_chart_axis_time { en: "Mean time (h:mm:ss)", es: "Tiempo promedio (h:mm:ss)" }
    export_not_a_file {
        en: "{path} is not a regular file (it is a folder or a device), so nothing was written. Choose a file name such as report.xlsx.",
        es: "{path} no es un archivo normal (es una carpeta o un dispositivo), así que no se escribió nada. Elija un nombre de archivo como reporte.xlsx."
    }
    export_close_and_retry {
        en: "If the file is open in Excel or another program, close it there and try again.",
        es: "Si el archivo está abierto en Excel u otro programa, ciérrelo allí e intente de nuevo."
    }
    export_cancelled {
        en: "Export cancelled: no file was written and any earlier file is unchanged.",
        es: "Exportación cancelada: no se escribió ningún archivo y el anterior, si existía, no cambió."
    }
    export_reason_no_folder { en: "the folder does not exist", es: "la carpeta no existe" }
    export_reason_not_folder {
        en: "part of the path is a file, not a folder",
        es: "una parte de la ruta es un archivo, no una carpeta"
    }
    export_reason_read_only {
        en: "the disk or folder is read-only",
        es: "el disco o la carpeta es de solo lectura"
    }
    export_written { en: "{n} calls written to {path}.", es: "{n} llamadas escritas en {path}." }
    export_progress {
        en: "{done} of {total} calls written",
        es: "{done} de {total} llamadas escritas"
    }
    export_usage_format {
        en: "Say the file type with --format xlsx, csv or csv-plain, or end the file name in .xlsx or .csv.",
        es: "Indique el tipo de archivo con --format xlsx, csv o csv-plain, o termine el nombre del archivo en .xlsx o .csv."
    }

    // ---- background work ----
    ui_job_failed {
        en: "Something went wrong in the background and that task stopped; nothing shown was lost. Please try again.",
        es: "Algo falló en segundo plano y esa tarea se detuvo; no se perdió nada de lo que se muestra. Intente de nuevo."
    }
    ui_cannot_reveal {
        en: "{path} could not be shown: {reason}.",
        es: "No se pudo mostrar {path}: {reason}."
    }
    ui_opening {
        en: "Opening {path}…",
        es: "Abriendo {path}…"
    }
    ui_saving {
        en: "Saving {path}…",
        es: "Guardando {path}…"
    }

    // ---- settings ----
    settings_unreadable {
        en: "The saved preferences in {path} could not be read ({reason}); the defaults are used and the file is kept as {backup}.",
        es: "No se pudieron leer las preferencias guardadas en {path} ({reason}); se usan los valores por defecto y el archivo se conserva como {backup}."
    }
    settings_cannot_save {
        en: "The preferences could not be saved in {path}: {reason}.",
        es: "No se pudieron guardar las preferencias en {path}: {reason}."
    }

    // ---- Windows and macOS ----
    io_held_open {
        en: "another program, probably Excel, has the file open; close the file in Excel and try again",
        es: "otro programa, probablemente Excel, tiene el archivo abierto; cierre el archivo en Excel e intente de nuevo"
    }

    // ---- paths ----
    paths_title {
        en: "Paths through the routing points",
        es: "Recorridos por los puntos de enrutamiento"
    }
    paths_counted_in_calls {
        en: "Counted in calls: the rows that share a call id (conn_id) are one call. The numbers above count rows, one per routing point a call passed.",
        es: "Contados en llamadas: las filas con el mismo id de llamada (conn_id) son una llamada. Las cifras de arriba cuentan filas, una por cada punto de enrutamiento por el que pasó una llamada."
    }
    paths_distinct_calls { en: "Calls (distinct call ids)", es: "Llamadas (ids de llamada distintos)" }
    paths_multi_step_calls {
        en: "Calls through two routing points or more",
        es: "Llamadas por dos o más puntos de enrutamiento"
    }
    paths_total { en: "Distinct paths", es: "Recorridos distintos" }
    paths_shown {
        en: "The {shown} most frequent of {total} paths:",
        es: "Los {shown} recorridos más frecuentes de {total}:"
    }
    paths_more_steps { en: "{n} more", es: "{n} más" }
    paths_col_path { en: "Path", es: "Recorrido" }
    paths_col_unknown { en: "Unknown", es: "Desconocidas" }
    paths_col_median_ivr { en: "Median IVR per call", es: "Mediana IVR por llamada" }
    paths_col_long_ivr { en: "Long IVR calls", es: "Llamadas con IVR largo" }
    export_sheet_paths { en: "Paths", es: "Recorridos" }
    export_paths_note {
        en: "Counted in calls: the rows that share a call id (conn_id) are one call, its path the routing points in date order. A call's IVR time is the sum over its routing points; long IVR is over {threshold}.",
        es: "Contados en llamadas: las filas con el mismo id de llamada (conn_id) son una llamada, y su recorrido los puntos de enrutamiento en orden de fecha. El tiempo en IVR de una llamada es la suma de sus puntos de enrutamiento; IVR largo es más de {threshold}."
    }
    export_paths_cut {
        en: "{n} less frequent paths did not fit on this sheet.",
        es: "{n} recorridos menos frecuentes no cupieron en esta hoja."
    }

    // ---- comparison and trend ----
    dates_left_out {
        en: "Calls without a readable date left out: {n} (they cannot be placed in the chosen dates).",
        es: "Llamadas sin fecha legible que se dejaron fuera: {n} (no se pueden ubicar en las fechas elegidas)."
    }
    compare_usage_periods {
        en: "Say both periods: --a-from, --a-to, --b-from and --b-to (dates as for --from and --to).",
        es: "Indique los dos periodos: --a-from, --a-to, --b-from y --b-to (fechas como en --from y --to)."
    }
    compare_usage_backwards {
        en: "Period {name} ends before it starts: check --{flag}-from and --{flag}-to.",
        es: "El periodo {name} termina antes de empezar: revise --{flag}-from y --{flag}-to."
    }
    compare_usage_not_xlsx {
        en: "The comparison of two periods is written only into an Excel workbook: end the file name in .xlsx, or leave out --a-from, --a-to, --b-from and --b-to.",
        es: "La comparación de dos periodos solo se escribe en un libro de Excel: termine el nombre del archivo en .xlsx, o quite --a-from, --a-to, --b-from y --b-to."
    }
    compare_title {
        en: "Period A against period B",
        es: "Periodo A frente al periodo B"
    }
    compare_period_line {
        en: "{name}: {from} – {to} · {calls} calls",
        es: "{name}: {from} – {to} · {calls} llamadas"
    }
    compare_rows_note {
        en: "Counts are rows: a call that passed two routing points counts once in each.",
        es: "Las cifras cuentan filas: una llamada que pasó por dos puntos de enrutamiento cuenta una vez en cada uno."
    }
    compare_overlap {
        en: "The periods overlap from {from} to {to}: calls in those dates count in both.",
        es: "Los periodos se superponen del {from} al {to}: las llamadas de esas fechas cuentan en ambos."
    }
    compare_empty_one {
        en: "Period {name} has no calls between {from} and {to}, so there is nothing to compare it with. Choose dates that have calls.",
        es: "El periodo {name} no tiene llamadas entre {from} y {to}, así que no hay con qué compararlo. Elija fechas que tengan llamadas."
    }
    compare_empty_both {
        en: "Neither period has calls, so there is nothing to compare. Choose dates that have calls.",
        es: "Ninguno de los dos periodos tiene llamadas, así que no hay nada que comparar. Elija fechas que tengan llamadas."
    }
    compare_retention { en: "Retention", es: "Retención" }
    compare_transfer { en: "Transfer", es: "Transferencia" }
    compare_queue_abandon { en: "Left while queued", es: "Abandono en cola" }
    compare_median_ivr { en: "Median IVR time", es: "Mediana del tiempo en IVR" }
    compare_points { en: "{diff} points", es: "{diff} puntos" }
    compare_probably_real { en: "probably real", es: "probablemente real" }
    compare_normal_variation { en: "within normal variation", es: "dentro de la variación normal" }
    compare_verdict_note {
        en: "\"Probably real\" means a change this large would rarely come from chance alone: for a rate, the 95 % range of the change does not include zero; for the IVR time, the rank test says p < 0.05 and each period has at least 20 calls with a readable time. Otherwise the change is within normal variation.",
        es: "\"Probablemente real\" quiere decir que un cambio así de grande rara vez saldría solo por azar: en una tasa, el rango del 95 % del cambio no incluye el cero; en el tiempo en IVR, la prueba de rangos da p < 0,05 y cada periodo tiene al menos 20 llamadas con tiempo legible. Si no, el cambio está dentro de la variación normal."
    }
    compare_by_rp {
        en: "By routing point (largest change in retention first)",
        es: "Por punto de enrutamiento (mayor cambio de retención primero)"
    }
    compare_rp_calls {
        en: "{rp}: {a} calls in A, {b} in B",
        es: "{rp}: {a} llamadas en A, {b} en B"
    }
    export_sheet_trend { en: "Trend", es: "Tendencia" }
    export_sheet_compare { en: "Comparison", es: "Comparación" }
    trend_title { en: "Per day", es: "Por día" }
    trend_col_date { en: "Date", es: "Fecha" }
    trend_col_retention_rate { en: "Retention rate", es: "Tasa de retención" }
    trend_col_p90_ivr { en: "P90 IVR", es: "P90 IVR" }
    trend_col_queue_abandons { en: "Left while queued", es: "Abandonos en cola" }
    trend_note {
        en: "One row per day with calls. Counts are rows (a call that passed two routing points counts once in each); an empty cell has nothing to compute from. Calls without a readable date, in no day: {n}.",
        es: "Una fila por día con llamadas. Las cifras cuentan filas (una llamada que pasó por dos puntos de enrutamiento cuenta una vez en cada uno); una celda vacía no tiene de qué calcularse. Llamadas sin fecha legible, en ningún día: {n}."
    }
    trend_chart_retention { en: "Retention per day", es: "Retención por día" }
    trend_chart_ivr { en: "Median and P90 IVR time per day", es: "Mediana y P90 del tiempo en IVR por día" }
    trend_chart_axis_day { en: "Day", es: "Día" }
    trend_chart_axis_time { en: "Time (h:mm:ss)", es: "Tiempo (h:mm:ss)" }
    compare_col_measure { en: "Measure", es: "Medida" }
    compare_col_a { en: "Period A", es: "Periodo A" }
    compare_col_b { en: "Period B", es: "Periodo B" }
    compare_col_diff { en: "Change (B − A)", es: "Cambio (B − A)" }
    compare_col_low { en: "95 % range, from", es: "Rango del 95 %, desde" }
    compare_col_high { en: "95 % range, to", es: "Rango del 95 %, hasta" }
    compare_col_p { en: "p-value", es: "Valor p" }
    compare_col_verdict { en: "Verdict", es: "Veredicto" }
    compare_col_calls_a { en: "Calls in A", es: "Llamadas en A" }
    compare_col_calls_b { en: "Calls in B", es: "Llamadas en B" }
    compare_sheet_units {
        en: "Rates and their changes in percentage points; IVR times and their changes in seconds.",
        es: "Las tasas y sus cambios en puntos porcentuales; los tiempos en IVR y sus cambios en segundos."
    }

    // ---- report page ----
    page_demo_title {
        en: "Demo data · IVR vs. transferred to agent",
        es: "Datos de demostración · IVR vs. transferido a agente"
    }
    page_demo_note {
        en: "Demo data: synthetic calls from the app's built-in demo server, not an operation's calls.",
        es: "Datos de demostración: llamadas sintéticas del servidor de demostración incluido en la aplicación, no llamadas de una operación."
    }
    page_about { en: "About this page", es: "Sobre esta página" }
    page_source { en: "Source", es: "Origen" }
    page_source_server { en: "Wolkvox, server {server}", es: "Wolkvox, servidor {server}" }
    page_source_demo { en: "Demo data (synthetic calls)", es: "Datos de demostración (llamadas sintéticas)" }
    page_source_files { en: "Saved report {files}", es: "Reporte guardado {files}" }
    page_range { en: "Range asked", es: "Rango consultado" }
    page_range_unknown { en: "not recorded in the file", es: "no consta en el archivo" }
    page_calls_dated { en: "Calls dated", es: "Fechas de las llamadas" }
    page_span { en: "{from} to {to}", es: "{from} a {to}" }
    page_no_dates { en: "no readable dates", es: "ninguna fecha legible" }
    page_generated { en: "Generated", es: "Generado" }
    page_missing { en: "Missing ranges", es: "Rangos faltantes" }
    page_missing_note {
        en: "These ranges could not be fetched: the numbers on this page leave them out.",
        es: "Estos rangos no se pudieron descargar: las cifras de esta página no los incluyen."
    }
    page_capped {
        en: "Possibly incomplete (the API's limit of 60,000 calls per request)",
        es: "Posiblemente incompletos (el límite de 60.000 llamadas por solicitud de la API)"
    }
    page_threshold_value { en: "over {time} ({secs} s)", es: "más de {time} ({secs} s)" }
    page_filters { en: "Filters", es: "Filtros" }
    page_filters_none { en: "none: every call of the range", es: "ninguno: todas las llamadas del rango" }
    page_filter_shown { en: "only {which}", es: "solo {which}" }
    page_filter_routing_point { en: "routing point {value}", es: "punto de enrutamiento {value}" }
    page_filter_call_type { en: "call type {value}", es: "tipo de llamada {value}" }
    page_filter_agent { en: "agent {value}", es: "agente {value}" }
    page_filter_skill { en: "skill {value}", es: "skill {value}" }
    page_filter_search { en: "search “{text}”", es: "búsqueda “{text}”" }
    page_filter_search_hidden {
        en: "a search (its text is left out with caller data)",
        es: "una búsqueda (su texto se omite junto con los datos de llamantes)"
    }
    page_caller_data { en: "Caller data", es: "Datos de llamantes" }
    page_caller_data_off {
        en: "Not included: this page shows no phone numbers, customer ids or call ids.",
        es: "No incluidos: esta página no muestra teléfonos, identificaciones de clientes ni ID de llamadas."
    }
    page_caller_data_on {
        en: "Included: this page shows callers' phone numbers, customer ids and call ids. Share it only with people allowed to see them.",
        es: "Incluidos: esta página muestra teléfonos, identificaciones de clientes e ID de llamadas. Compártala solo con quien pueda verlos."
    }
    page_ivr_median { en: "IVR time, median", es: "Tiempo en IVR, mediana" }
    page_ivr_p90 { en: "IVR time, P90", es: "Tiempo en IVR, P90" }
    page_ivr_mean_help {
        en: "Average time callers spent in the IVR, over the calls with a readable IVR time.",
        es: "Tiempo promedio de los llamantes en el IVR, sobre las llamadas con tiempo en IVR legible."
    }
    page_ivr_max_help { en: "The single longest time in the IVR.", es: "El mayor tiempo en el IVR de una sola llamada." }
    page_ivr_p90_help {
        en: "9 in 10 calls navigated the IVR for this long or less (nearest rank).",
        es: "9 de cada 10 llamadas navegaron el IVR este tiempo o menos (rango más cercano)."
    }
    page_ivr_median_help {
        en: "Half of the calls navigated the IVR for this long or less (nearest rank).",
        es: "La mitad de las llamadas navegó el IVR este tiempo o menos (rango más cercano)."
    }
    page_unreadable_help {
        en: "Values that could not be read; they are kept as received and left out of the times above.",
        es: "Valores que no se pudieron leer; se conservan tal como llegaron y no entran en los tiempos de arriba."
    }
    page_distribution_help {
        en: "Calls per 10 seconds of IVR time; orange bars are above the long-IVR threshold (the line). The table uses Wolkvox's own ranges.",
        es: "Llamadas por cada 10 segundos de tiempo en IVR; las barras naranjas superan el umbral de IVR largo (la línea). La tabla usa los rangos de Wolkvox."
    }
    page_distribution_tail {
        en: "The last bar also counts the {n} calls of {time} or more.",
        es: "La última barra también cuenta las {n} llamadas de {time} o más."
    }
    page_no_ivr_times { en: "No call has a readable IVR time.", es: "Ninguna llamada tiene un tiempo en IVR legible." }
    page_col_range { en: "IVR time", es: "Tiempo en IVR" }
    page_routing_points_help {
        en: "Calls that stayed in the IVR and calls sent to an agent, per routing point, most calls first.",
        es: "Llamadas que se quedaron en el IVR y llamadas enviadas a un agente, por punto de enrutamiento, de más a menos llamadas."
    }
    page_routing_points_more {
        en: "The chart shows the {n} routing points with most calls; the table lists all {m}.",
        es: "El gráfico muestra los {n} puntos de enrutamiento con más llamadas; la tabla los lista todos ({m})."
    }
    page_other { en: "others", es: "otros" }
    page_longest { en: "The {n} longest IVR calls", es: "Las {n} llamadas con más tiempo en IVR" }
    page_longest_help {
        en: "The calls that spent longest in the IVR, longest first.",
        es: "Las llamadas que más tiempo pasaron en el IVR, de mayor a menor."
    }
    page_footer {
        en: "Made with wolkvox-ivr {version} from Wolkvox's report “IVR vs. transferred to agent” (diagram_11). Times are minutes:seconds, from an hour on hours:minutes:seconds.",
        es: "Hecho con wolkvox-ivr {version} a partir del reporte de Wolkvox “IVR vs. transferido a agente” (diagram_11). Los tiempos son minutos:segundos; desde una hora, horas:minutos:segundos."
    }
    page_written {
        en: "Report page of {n} calls written to {path}.",
        es: "Página del reporte con {n} llamadas escrita en {path}."
    }
    page_usage_extension {
        en: "The report page is an HTML file: end the name in .html, for example --out report.html.",
        es: "La página del reporte es un archivo HTML: termine el nombre en .html, por ejemplo --out reporte.html."
    }
    // ---- history on this computer ----
    store_no_folder {
        en: "This computer names no folder for the history of calls; set WOLKVOX_IVR_DATA_DIR to a folder to keep it.",
        es: "Este computador no indica una carpeta para el historial de llamadas; defina WOLKVOX_IVR_DATA_DIR con una carpeta para guardarlo."
    }
    store_folder {
        en: "The folder for the history of calls, {path}, could not be created: {reason}.",
        es: "No se pudo crear la carpeta del historial de llamadas, {path}: {reason}."
    }
    store_damaged {
        en: "The history of calls in {path} is damaged or is not a history file. It was left exactly as it is; move it away to start a new one.",
        es: "El historial de llamadas en {path} está dañado o no es un archivo de historial. Se dejó tal como está; muévalo a otro lugar para empezar uno nuevo."
    }
    store_truncated {
        en: "The history of calls in {path} is cut short (the disk may have filled up or a copy stopped halfway). It was left exactly as it is; move it away to start a new one.",
        es: "El historial de llamadas en {path} está incompleto (el disco pudo llenarse o una copia se interrumpió). Se dejó tal como está; muévalo a otro lugar para empezar uno nuevo."
    }
    store_not_ours {
        en: "The file {path} is a database of another program, not this program's history of calls. It was left exactly as it is.",
        es: "El archivo {path} es una base de datos de otro programa, no el historial de llamadas de este programa. Se dejó tal como está."
    }
    store_newer {
        en: "The history of calls in {path} was written by a newer version of this program (format {found}; this version knows up to {known}). It was left exactly as it is; update the program to use it.",
        es: "El historial de llamadas en {path} lo escribió una versión más nueva de este programa (formato {found}; esta versión conoce hasta el {known}). Se dejó tal como está; actualice el programa para usarlo."
    }
    store_read_only {
        en: "The history of calls in {path} cannot be written: the file or its folder is read-only. Nothing in it was changed.",
        es: "No se puede escribir el historial de llamadas en {path}: el archivo o su carpeta son de solo lectura. No se cambió nada en él."
    }
    store_full {
        en: "The disk holding the history of calls ({path}) is full: the last calls were not added to it, and what it held before is intact.",
        es: "El disco del historial de llamadas ({path}) está lleno: las últimas llamadas no se agregaron, y lo que tenía antes sigue intacto."
    }
    store_locked {
        en: "The history of calls in {path} is in use by another program (perhaps another copy of this one) that did not let go in time.",
        es: "El historial de llamadas en {path} lo está usando otro programa (quizá otra copia de este) que no lo liberó a tiempo."
    }
    store_other {
        en: "The history of calls in {path} could not be used: {detail}",
        es: "No se pudo usar el historial de llamadas en {path}: {detail}"
    }
    store_going_on {
        en: "Going on without the history of calls: the calls are fetched from Wolkvox.",
        es: "Se sigue sin el historial de llamadas: las llamadas se piden a Wolkvox."
    }
    store_cost {
        en: "{requests} request(s) to Wolkvox; {stored} of {total} days are on this computer.",
        es: "{requests} solicitud(es) a Wolkvox; {stored} de {total} días están en este computador."
    }
    store_all_here {
        en: "All {total} days are on this computer: no request to Wolkvox.",
        es: "Los {total} días están en este computador: ninguna solicitud a Wolkvox."
    }
    store_retention_done {
        en: "{n} stored calls older than {months} months were deleted from the history on this computer.",
        es: "Se borraron del historial de este computador {n} llamadas guardadas de hace más de {months} meses."
    }
    store_forgot {
        en: "{n} stored calls of server {server} were deleted, with the ranges they covered.",
        es: "Se borraron {n} llamadas guardadas del servidor {server}, con los rangos que cubrían."
    }
    store_info_path { en: "History of calls: {path} ({size})", es: "Historial de llamadas: {path} ({size})" }
    store_info_server {
        en: "Server {server}: {calls} calls",
        es: "Servidor {server}: {calls} llamadas"
    }
    store_info_covered { en: "covered: {from} to {to}", es: "cubierto: {from} a {to}" }
    store_info_empty { en: "No calls are stored yet.", es: "Aún no hay llamadas guardadas." }
    // ---- compare and trend views ----
    ui_view_compare { en: "Compare", es: "Comparar" }
    ui_view_trend { en: "Trend", es: "Tendencia" }
    cmpv_choose_a { en: "Period A:", es: "Periodo A:" }
    cmpv_halves { en: "First half against second half", es: "Primera mitad frente a la segunda" }
    cmpv_around { en: "Before and after a date", es: "Antes y después de una fecha" }
    cmpv_previous { en: "Previous period", es: "Periodo anterior" }
    cmpv_last_week { en: "Same days last week", es: "Los mismos días de la semana anterior" }
    cmpv_month_before { en: "The month before", es: "El mes anterior" }
    cmpv_dates { en: "Dates", es: "Fechas" }
    cmpv_split_date { en: "Change date (year-month-day):", es: "Fecha del cambio (año-mes-día):" }
    cmpv_a_from { en: "A from:", es: "A desde:" }
    cmpv_a_to { en: "A to:", es: "A hasta:" }
    cmpv_bad_date {
        en: "Type the date as year-month-day, for example 2026-11-10.",
        es: "Escriba la fecha como año-mes-día, por ejemplo 2026-11-10."
    }
    cmpv_split_outside {
        en: "Choose a date after the first loaded day and no later than the last ({from} – {to}), so that both sides have days.",
        es: "Elija una fecha posterior al primer día cargado y no después del último ({from} – {to}), para que ambos lados tengan días."
    }
    cmpv_too_short {
        en: "The loaded range is too short to split in two. Load a longer range.",
        es: "El rango cargado es demasiado corto para partirlo en dos. Cargue un rango más largo."
    }
    cmpv_no_range {
        en: "Load a range of dates first: period B is the range loaded.",
        es: "Cargue primero un rango de fechas: el periodo B es el rango cargado."
    }
    cmpv_cost_zero {
        en: "Period A lies inside the calls loaded: comparing takes no requests.",
        es: "El periodo A está dentro de las llamadas cargadas: comparar no necesita solicitudes."
    }
    cmpv_cost_outside {
        en: "Period A ({from} – {to}) is not among the calls loaded; loading it alone would take {n} requests.",
        es: "El periodo A ({from} – {to}) no está entre las llamadas cargadas; cargarlo solo necesitaría {n} solicitudes."
    }
    cmpv_load_both { en: "Load both periods ({n} requests)", es: "Cargar ambos periodos ({n} solicitudes)" }
    cmpv_load_both_note {
        en: "This loads the dates from A's start to B's end in place of the calls loaded now.",
        es: "Esto carga las fechas desde el inicio de A hasta el final de B en lugar de las llamadas cargadas ahora."
    }
    cmpv_working { en: "Counting the calls in view…", es: "Contando las llamadas a la vista…" }
    cmpv_failed {
        en: "This could not be worked out. The rest of the window works as before.",
        es: "No se pudo calcular. El resto de la ventana sigue funcionando."
    }
    cmpv_col_rp { en: "Routing point", es: "Punto de enrutamiento" }
    cmpv_col_retention { en: "Retention change", es: "Cambio de retención" }
    cmpv_col_long { en: "Long-IVR change", es: "Cambio de IVR largo" }
    cmpv_col_median { en: "Median IVR change", es: "Cambio de la mediana en IVR" }
    cmpv_rp_hint {
        en: "Click a routing point to show only its calls in every view; click it again to show all.",
        es: "Haga clic en un punto de enrutamiento para ver solo sus llamadas en todas las vistas; otro clic las muestra todas."
    }
    cmpv_dist_title {
        en: "IVR time: share of each period's calls with a readable time",
        es: "Tiempo en IVR: parte de las llamadas con tiempo legible de cada periodo"
    }
    cmpv_share_axis { en: "Share of calls", es: "Parte de las llamadas" }
    cmpv_change { en: "{diff}, {verdict}", es: "{diff}, {verdict}" }
    cmpv_a_b { en: "A {a} · B {b}", es: "A {a} · B {b}" }
    trend_measure { en: "Measure:", es: "Medida:" }
    trend_m_p90 { en: "P90 IVR time", es: "P90 del tiempo en IVR" }
    trend_m_long { en: "Long-IVR share", es: "Parte con IVR largo" }
    trend_m_calls { en: "Calls", es: "Llamadas" }
    trend_per_hour { en: "{measure} per hour", es: "{measure} por hora" }
    trend_per_day { en: "{measure} per day", es: "{measure} por día" }
    trend_per_week { en: "{measure} per week (weeks start on Monday)", es: "{measure} por semana (las semanas empiezan el lunes)" }
    trend_rp { en: "Routing point:", es: "Punto de enrutamiento:" }
    trend_all_rps { en: "All routing points", es: "Todos los puntos de enrutamiento" }
    trend_before { en: "Before the change", es: "Antes del cambio" }
    trend_after { en: "From the change on", es: "Desde el cambio" }
    trend_compare_halves { en: "Compare before and after", es: "Comparar antes y después" }
    trend_hover_hint {
        en: "Point at the chart to see the numbers of that hour, day or week.",
        es: "Señale el gráfico para ver las cifras de esa hora, día o semana."
    }
    trend_hover {
        en: "{when}: {calls} calls · retention {retention} · transfer {transfer} · median IVR {median} · P90 IVR {p90} · long IVR {long} · left while queued {abandons}",
        es: "{when}: {calls} llamadas · retención {retention} · transferencia {transfer} · mediana en IVR {median} · P90 en IVR {p90} · IVR largo {long} · abandonos en cola {abandons}"
    }
    trend_undated {
        en: "Calls without a readable date, in no point of the chart: {n}.",
        es: "Llamadas sin fecha legible, en ningún punto del gráfico: {n}."
    }
    trend_nothing { en: "No calls with a readable date to chart.", es: "No hay llamadas con fecha legible para graficar." }
    // ---- paths view ----
    ui_view_paths { en: "Paths", es: "Recorridos" }
    ui_paths_computing { en: "Following the calls through the routing points…", es: "Siguiendo las llamadas por los puntos de enrutamiento…" }
    ui_paths_none { en: "No calls in view, so there are no paths to show.", es: "No hay llamadas a la vista, así que no hay recorridos que mostrar." }
    ui_paths_single_step {
        en: "Every call in view passed a single routing point, so there is no path from one routing point to another to draw. The table below shows how those calls ended.",
        es: "Cada llamada a la vista pasó por un solo punto de enrutamiento, así que no hay recorrido de un punto a otro que dibujar. La tabla de abajo muestra cómo terminaron esas llamadas."
    }
    ui_paths_summary {
        en: "{calls} calls (distinct call ids) in view, {multi} of them through two routing points or more; {paths} distinct paths.",
        es: "{calls} llamadas (ids de llamada distintos) a la vista, {multi} de ellas por dos o más puntos de enrutamiento; {paths} recorridos distintos."
    }
    ui_paths_click_hint {
        en: "Click a routing point, a band between two of them, an end or a path to see those calls in the table, with all their rows.",
        es: "Haga clic en un punto de enrutamiento, en una franja entre dos, en un final o en un recorrido para ver esas llamadas en la tabla, con todas sus filas."
    }
    ui_paths_flow_title { en: "Where callers go", es: "Por dónde van las llamadas" }
    ui_paths_step_n { en: "Routing point {n}", es: "Punto de enrutamiento {n}" }
    ui_paths_ends { en: "Where it ended", es: "Dónde terminó" }
    ui_paths_end_agent { en: "Agent", es: "Agente" }
    ui_paths_end_ivr { en: "Ended in IVR", es: "Terminó en el IVR" }
    ui_paths_end_unknown { en: "Unknown", es: "Desconocido" }
    ui_paths_cut_columns {
        en: "{n} calls passed more than {max} routing points; the picture stops at the {max}th and the table lists their whole paths.",
        es: "{n} llamadas pasaron por más de {max} puntos de enrutamiento; el dibujo se detiene en el {max}.º y la tabla muestra sus recorridos completos."
    }
    ui_paths_cut_nodes {
        en: "Each column shows its {max} routing points with most calls.",
        es: "Cada columna muestra sus {max} puntos de enrutamiento con más llamadas."
    }
    ui_paths_link_hover {
        en: "{from} » {to}: {calls} calls ({share} of the calls at {from})",
        es: "{from} » {to}: {calls} llamadas ({share} de las llamadas en {from})"
    }
    ui_paths_node_hover {
        en: "{step}: {calls} calls ({share} of the calls in view)",
        es: "{step}: {calls} llamadas ({share} de las llamadas a la vista)"
    }
    ui_paths_col_share { en: "Share of calls", es: "Parte de las llamadas" }
    ui_paths_col_long_share { en: "Long IVR share", es: "Parte con IVR largo" }
    ui_paths_table_title { en: "Paths, most calls first (counted in calls, not rows)", es: "Recorridos, los de más llamadas primero (contados en llamadas, no en filas)" }
    ui_paths_next_title { en: "Next step after a routing point", es: "Siguiente paso después de un punto de enrutamiento" }
    ui_paths_next_choose { en: "Routing point", es: "Punto de enrutamiento" }
    ui_paths_next_pick { en: "Choose one", es: "Elija uno" }
    ui_paths_next_line {
        en: "{calls} calls passed {step} ({passages} times). Afterwards they went to:",
        es: "{calls} llamadas pasaron por {step} ({passages} veces). Después fueron a:"
    }
    ui_paths_next_share { en: "{share} · {n} times", es: "{share} · {n} veces" }
    ui_filter_picked_path { en: "Path {path}", es: "Recorrido {path}" }
    ui_filter_picked_node { en: "{step} as routing point {n}", es: "{step} como punto de enrutamiento {n}" }
    ui_filter_picked_link { en: "{from} (routing point {n}) » {to}", es: "{from} (punto de enrutamiento {n}) » {to}" }
    ui_filter_picked_end { en: "Calls that ended: {end}", es: "Llamadas que terminaron: {end}" }
    ui_filter_only_calls { en: "Only the calls of: {name}", es: "Solo las llamadas de: {name}" }
    ui_filter_remove { en: "Show all calls again", es: "Volver a mostrar todas las llamadas" }

    // ---- report page: trend, paths, comparison, sharing ----
    page_trend_hour { en: "Retention per hour", es: "Retención por hora" }
    page_trend_day { en: "Retention per day", es: "Retención por día" }
    page_trend_week { en: "Retention per week (from Monday)", es: "Retención por semana (desde el lunes)" }
    page_trend_help {
        en: "Retention is retained calls out of retained and transferred ones, counted in rows as the key numbers are. Only periods with calls are listed.",
        es: "La retención son las llamadas retenidas sobre las retenidas y transferidas, contadas en filas como las cifras clave. Solo aparecen los periodos con llamadas."
    }
    page_trend_col_when { en: "From", es: "Desde" }
    page_trend_undated {
        en: "{n} calls without a readable date are in no period.",
        es: "{n} llamadas sin fecha legible no están en ningún periodo."
    }
    page_paths_title { en: "The 10 most frequent paths", es: "Los 10 recorridos más frecuentes" }
    page_paths_summary {
        en: "{calls} calls, {multi} through two routing points or more, {total} distinct paths. Paths show routing point ids only.",
        es: "{calls} llamadas, {multi} por dos o más puntos de enrutamiento, {total} recorridos distintos. Los recorridos solo muestran ids de puntos de enrutamiento."
    }
    page_compare_help {
        en: "Period A is the before, period B the after; both are cut from the calls of this page.",
        es: "El periodo A es el antes y el B el después; ambos salen de las llamadas de esta página."
    }
    page_compare_col_change { en: "Change", es: "Cambio" }
    ui_share_report { en: "Share report…", es: "Compartir reporte…" }
    ui_share_report_hover {
        en: "Write the current view as one HTML page to attach to an email: the numbers, the charts and the filters, without callers' data unless checked.",
        es: "Escribir la vista actual como una página HTML para adjuntar a un correo: las cifras, los gráficos y los filtros, sin datos de llamantes salvo que se marque."
    }
    ui_share_caller_data { en: "with caller data", es: "con datos de llamantes" }
    ui_share_caller_data_hover {
        en: "Also put callers' phone numbers, customer ids and call ids on the page.",
        es: "Poner también en la página los teléfonos, ids de cliente e ids de llamada."
    }
    // ---- history on this computer: window ----
    hist_deleted {
        en: "{n} stored calls were deleted from the history on this computer, with the ranges they covered. The calls shown stay.",
        es: "Se borraron {n} llamadas guardadas del historial de este computador, con los rangos que cubrían. Las llamadas mostradas se quedan."
    }
    hist_sources {
        en: "{stored} days from this computer, {fetched} from Wolkvox",
        es: "{stored} días desde este computador, {fetched} desde Wolkvox"
    }
    hist_sources_stored {
        en: "{stored} days from this computer",
        es: "{stored} días desde este computador"
    }
    hist_sources_fetched {
        en: "{fetched} days from Wolkvox",
        es: "{fetched} días desde Wolkvox"
    }
    hist_reopen {
        en: "Last time you looked at server {server} from {from} to {to}.",
        es: "La última vez vio el servidor {server} de {from} a {to}."
    }
    hist_reopen_button { en: "Reopen from this computer", es: "Reabrir desde este computador" }
    hist_reopen_hover {
        en: "Reads the calls kept on this computer: no request to Wolkvox for the days it holds.",
        es: "Lee las llamadas guardadas en este computador: ninguna solicitud a Wolkvox por los días que tiene."
    }
    hist_refetch { en: "Fetch again from Wolkvox", es: "Pedir de nuevo a Wolkvox" }
    hist_refetch_hover {
        en: "Ignore what this computer holds for these dates: fetch them all from Wolkvox ({n} request(s)) and keep that instead.",
        es: "No usar lo que este computador tiene de estas fechas: pedirlas todas a Wolkvox ({n} solicitud(es)) y guardar eso en su lugar."
    }
    hist_settings_title { en: "History on this computer", es: "Historial en este computador" }
    hist_off {
        en: "This window keeps no history of calls.",
        es: "Esta ventana no guarda historial de llamadas."
    }
    hist_opening { en: "Opening the history of calls…", es: "Abriendo el historial de llamadas…" }
    hist_unavailable {
        en: "The history of calls cannot be used now (see the message at the top); calls are fetched from Wolkvox.",
        es: "El historial de llamadas no se puede usar ahora (vea el mensaje de arriba); las llamadas se piden a Wolkvox."
    }
    hist_busy {
        en: "A load is using the history of calls; this shows once it ends.",
        es: "Una carga está usando el historial de llamadas; esto aparece cuando termine."
    }
    hist_retention { en: "Keep stored calls for", es: "Guardar las llamadas durante" }
    hist_months { en: "months (0: always)", es: "meses (0: siempre)" }
    hist_retention_hint {
        en: "Older calls, and the ranges they covered, are deleted each time the program starts.",
        es: "Las llamadas más antiguas, y los rangos que cubrían, se borran cada vez que se abre el programa."
    }
    hist_delete { en: "Delete stored calls…", es: "Borrar llamadas guardadas…" }
    hist_delete_confirm {
        en: "Delete all {n} stored calls of every server from this computer? The calls shown stay; later loads fetch them from Wolkvox again.",
        es: "¿Borrar de este computador las {n} llamadas guardadas de todos los servidores? Las llamadas mostradas se quedan; las próximas cargas las piden de nuevo a Wolkvox."
    }
    hist_delete_yes { en: "Delete them", es: "Borrarlas" }
    hist_delete_no { en: "Keep them", es: "Conservarlas" }
    // ---- window fit, keyboard and charts ----
    fit_sort_hint {
        en: "Click, or press Space or Enter, to sort by this column; once more to reverse the order.",
        es: "Haga clic, o pulse Espacio o Intro, para ordenar por esta columna; otra vez para invertir el orden."
    }
    fit_table_rows { en: "Calls table", es: "Tabla de llamadas" }
    fit_table_keys {
        en: "Arrow keys move through the calls, Enter opens the details, Escape closes them.",
        es: "Las flechas recorren las llamadas, Intro abre el detalle y Escape lo cierra."
    }
    // ---- plain words, provenance and messages ----
    prov_demo { en: "Demo data", es: "Datos de demostración" }
    prov_server { en: "Server {server}", es: "Servidor {server}" }
    prov_files { en: "File {files}", es: "Archivo {files}" }
    prov_files_unnamed { en: "Calls loaded here", es: "Llamadas cargadas aquí" }
    prov_line { en: "{source} · {range}", es: "{source} · {range}" }
    prov_loaded_at { en: "loaded at {time}", es: "cargado a las {time}" }
    prov_range_unknown { en: "range not recorded", es: "rango no registrado" }
    prov_not_recorded { en: "not recorded", es: "no registrado" }
    prov_missing_hover { en: "Missing: {ranges}", es: "Faltan: {ranges}" }
    export_demo_note { en: "Demo data — not real data", es: "Datos de demostración — no son datos reales" }
    export_loaded_at { en: "Loaded", es: "Cargado" }
    export_missing_none { en: "none", es: "ninguno" }
    file_name_base { en: "ivr-vs-agent", es: "ivr-vs-agente" }
    file_name_demo { en: "DEMO-not-real-data", es: "DEMO-no-son-datos-reales" }
    ui_no_dialog_name {
        en: "No file dialog could be shown on this computer. Type a file name, or a full path to put it elsewhere:",
        es: "No se pudo mostrar el cuadro de archivos en este computador. Escriba un nombre de archivo, o una ruta completa para ponerlo en otro lugar:"
    }
    ui_path_goes_to { en: "It will be written to {path}", es: "Se escribirá en {path}" }
    ui_path_opens { en: "It will open {path}", es: "Se abrirá {path}" }
    ui_cancelled_missing {
        en: "Loading cancelled: {n} calls arrived; still missing {ranges}.",
        es: "Carga cancelada: llegaron {n} llamadas; faltan {ranges}."
    }
    ui_cancelled_all {
        en: "Loading cancelled: {n} calls arrived; nothing is missing.",
        es: "Carga cancelada: llegaron {n} llamadas; no falta nada."
    }
    ui_load_missing { en: "Load what is missing", es: "Cargar lo que falta" }
    val_inbound { en: "Inbound", es: "Entrante" }
    val_conference { en: "Conference", es: "Conferencia" }
    val_internal { en: "Internal call", es: "Llamada interna" }
    val_internal_inbound { en: "Internal, inbound", es: "Interna entrante" }
    val_internal_queue { en: "Internal, to a queue", es: "Interna a una cola" }
    val_outbound_predictive { en: "Outbound, predictive", es: "Saliente predictiva" }
    val_outbound_manual { en: "Outbound, manual", es: "Saliente manual" }
    val_transfer { en: "Transfer", es: "Transferencia" }
    val_answered { en: "Answered", es: "Atendida" }
    val_abandoned { en: "Abandoned", es: "Abandonada" }
    val_no_skill { en: "No skill", es: "Sin skill" }
    val_rp_transfer { en: "Passed to another routing point", es: "Pasó a otro punto de enrutamiento" }
    val_timeout_acw { en: "Wrap-up time ran out", es: "Se agotó el tiempo de cierre" }
    ui_no_match { en: "No call matches", es: "Ninguna llamada coincide" }
    live_past_range {
        en: "Only for a range that reaches the present: this one ends {end}. Pick a range up to today to track it live.",
        es: "Solo para un rango que llega hasta ahora: este termina el {end}. Elija un rango hasta hoy para seguirlo en vivo."
    }
    live_nothing_loaded {
        en: "Load a range that reaches the present to track it live.",
        es: "Cargue un rango que llegue hasta ahora para seguirlo en vivo."
    }
    live_next { en: "next refresh at {time}", es: "próxima actualización a las {time}" }
    tz_pick { en: "Pick one:", es: "Elija una:" }
    tz_more { en: "… and {n} more: type more of the name", es: "… y {n} más: escriba más del nombre" }
    io_exists { en: "a file with that name already exists", es: "ya existe un archivo con ese nombre" }
    io_not_a_folder { en: "a part of the path is a file, not a folder", es: "una parte de la ruta es un archivo, no una carpeta" }
    io_read_only { en: "the disk or folder is read-only", es: "el disco o la carpeta son de solo lectura" }
    io_bad_name {
        en: "the name is too long or has characters the system does not allow",
        es: "el nombre es muy largo o tiene caracteres que el sistema no permite"
    }
    io_timed_out { en: "the system took too long to answer", es: "el sistema tardó demasiado en responder" }
    io_no_program {
        en: "this computer has no program set to open it",
        es: "este computador no tiene un programa configurado para abrirlo"
    }
    io_unsupported { en: "this computer cannot do that", es: "este computador no puede hacer eso" }
    io_os_code { en: "the system refused it (system error {code})", es: "el sistema no lo permitió (error {code} del sistema)" }
    ui_no_match_help {
        en: "No loaded call fits the search and filters above.",
        es: "Ninguna de las llamadas cargadas cumple la búsqueda y los filtros de arriba."
    }
    // ---- shared history on PostgreSQL ----
    pg_url_not_postgres {
        en: "The shared history's address must start with postgres:// (for example postgres://ivr@db.example.com:5432/wolkvox).",
        es: "La dirección del historial compartido debe empezar con postgres:// (por ejemplo postgres://ivr@db.example.com:5432/wolkvox)."
    }
    pg_url_has_password {
        en: "The shared history's address must not hold the password: it would stay in the shell history and in lists of running programs. Leave it out; the password comes from the keychain (saved in Settings), PGPASSWORD or ~/.pgpass.",
        es: "La dirección del historial compartido no debe llevar la contraseña: quedaría en el historial de la terminal y en las listas de programas en ejecución. Quítela; la contraseña sale del llavero (guardada en Preferencias), de PGPASSWORD o de ~/.pgpass."
    }
    pg_url_malformed {
        en: "The shared history's address could not be read ({detail}). It looks like postgres://user@host:port/database.",
        es: "No se pudo leer la dirección del historial compartido ({detail}). Tiene la forma postgres://usuario@servidor:puerto/base."
    }
    pg_unreachable {
        en: "The shared history in the database {place} cannot be reached: the database server is down, refuses connections or the network dropped ({detail}).",
        es: "No se puede llegar al historial compartido en la base de datos {place}: el servidor de base de datos está apagado, rechaza conexiones o se cayó la red ({detail})."
    }
    pg_password {
        en: "The database {place} refused the password of the shared history. Save the right one in Settings (it goes to the keychain), or set PGPASSWORD or ~/.pgpass.",
        es: "La base de datos {place} rechazó la contraseña del historial compartido. Guarde la correcta en Preferencias (queda en el llavero), o use PGPASSWORD o ~/.pgpass."
    }
    pg_certificate {
        en: "The secure connection to the database {place} was refused: its certificate is not trusted by this computer, or it does not name that server ({detail}). Ask whoever runs the database for a certificate this computer trusts; choose \"require\" only on a network you trust.",
        es: "Se rechazó la conexión segura con la base de datos {place}: este computador no confía en su certificado, o el certificado no nombra ese servidor ({detail}). Pida a quien administra la base un certificado en el que este computador confíe; elija \"require\" solo en una red de confianza."
    }
    pg_denied {
        en: "The database {place} did not allow what the shared history needs ({detail}). Its role needs CREATE on its schema (see the README, \"Shared history for a team\").",
        es: "La base de datos {place} no permitió lo que el historial compartido necesita ({detail}). Su rol necesita CREATE sobre su esquema (vea el README, \"Historial compartido para un equipo\")."
    }
    pg_newer {
        en: "The shared history in the database {place} was written by a newer version of this program (format {found}; this version knows up to {known}). It was left exactly as it is; update the program to use it.",
        es: "El historial compartido en la base de datos {place} lo escribió una versión más nueva de este programa (formato {found}; esta versión conoce hasta el {known}). Se dejó tal como está; actualice el programa para usarlo."
    }
    pg_other {
        en: "The shared history in the database {place} could not be used: {detail}",
        es: "No se pudo usar el historial compartido en la base de datos {place}: {detail}"
    }
    pg_waiting {
        en: "another computer is fetching for this operation…",
        es: "otro computador está descargando para esta operación…"
    }
    ui_store_choice { en: "History:", es: "Historial:" }
    ui_store_here { en: "this computer", es: "este computador" }
    ui_store_shared { en: "a shared PostgreSQL database", es: "una base de datos PostgreSQL compartida" }
    ui_store_now { en: "In use: the shared database {place}.", es: "En uso: la base de datos compartida {place}." }
    ui_store_host { en: "Host", es: "Servidor" }
    ui_store_port { en: "Port", es: "Puerto" }
    ui_store_database { en: "Database", es: "Base de datos" }
    ui_store_user { en: "User", es: "Usuario" }
    ui_store_tls { en: "Secure connection", es: "Conexión segura" }
    ui_store_tls_verify_full { en: "verify-full: check the certificate", es: "verify-full: verificar el certificado" }
    ui_store_tls_require { en: "require: encrypted, certificate not checked", es: "require: cifrada, sin verificar el certificado" }
    ui_store_tls_prefer { en: "prefer: encrypted when offered", es: "prefer: cifrada si se ofrece" }
    ui_store_tls_disable { en: "disable: not encrypted", es: "disable: sin cifrar" }
    ui_store_password { en: "Password", es: "Contraseña" }
    ui_store_password_hint { en: "kept in the keychain; empty keeps the saved one", es: "queda en el llavero; vacía conserva la guardada" }
    ui_store_missing { en: "Host, database and user are needed.", es: "Se necesitan servidor, base de datos y usuario." }
    ui_store_use { en: "Use this database", es: "Usar esta base de datos" }
    ui_store_use_hover {
        en: "Every load and export on this computer then reads and keeps calls there, shared with the team; used from the next start of the app.",
        es: "Desde entonces cada carga y exportación de este computador lee y guarda las llamadas allí, compartidas con el equipo; se usa desde el próximo inicio de la aplicación."
    }
    // ---- a team's shared history in the window ----
    hist_settings_title_shared {
        en: "History in a shared database",
        es: "Historial en una base de datos compartida"
    }
    hist_delete_confirm_shared {
        en: "Delete the {n} calls of server {server} stored in the shared database {place}? They are deleted for everyone who uses it; the calls shown stay.",
        es: "¿Borrar las {n} llamadas del servidor {server} guardadas en la base de datos compartida {place}? Se borran para todos los que la usan; las llamadas mostradas se quedan."
    }
    hist_delete_shared_connect {
        en: "Connect to the server whose calls should go: a shared database deletes one operation's calls at a time.",
        es: "Conéctese al servidor cuyas llamadas quiere borrar: en una base de datos compartida se borran las de una sola operación a la vez."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_names_pick_spanish_for_any_spanish_locale() {
        for l in ["es", "es-CO", "es_CO.UTF-8", "ES-mx", "es@euro"] {
            assert_eq!(Lang::from_locale(l), Lang::Es, "{l}");
        }
        for l in ["en-US", "pt-BR", "", "C", "POSIX", "estonian"] {
            assert_eq!(Lang::from_locale(l), Lang::En, "{l}");
        }
    }

    #[test]
    fn both_languages_have_every_text_with_the_same_placeholders() {
        for (key, en, es) in ENTRIES {
            assert!(!en.trim().is_empty(), "{key} is empty in English");
            assert!(!es.trim().is_empty(), "{key} is empty in Spanish");
            let mut a = placeholders(en);
            let mut b = placeholders(es);
            a.sort();
            b.sort();
            assert_eq!(a, b, "{key} uses different placeholders");
        }
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_unknown_ones() {
        assert_eq!(
            fill("a {x} b {y} {z}", &[("x", &1), ("y", &"dos")]),
            "a 1 b dos {z}"
        );
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("open { end", &[]), "open { end");
    }

    #[test]
    fn numbers_follow_each_language() {
        assert_eq!(int(Lang::En, 1234567), "1,234,567");
        assert_eq!(int(Lang::Es, 1234567), "1.234.567");
        assert_eq!(int(Lang::Es, 999), "999");
        assert_eq!(int(Lang::En, 0), "0");
        assert_eq!(decimal1(Lang::Es, 1234.54), "1.234,5");
        assert_eq!(decimal1(Lang::En, 1234.56), "1,234.6");
        assert_eq!(percent(Lang::En, 0.324), "32.4%");
        assert_eq!(percent(Lang::Es, 0.324), "32,4 %");
        assert_eq!(percent(Lang::Es, 1.0), "100,0 %");
    }

    #[test]
    fn dates_follow_each_language() {
        let dt = jiff::civil::date(2026, 11, 5).at(9, 4, 5, 0);
        assert_eq!(date_time(Lang::Es, dt), "05/11/2026 09:04:05");
        assert_eq!(date_time(Lang::En, dt), "2026-11-05 09:04:05");
        assert_eq!(month_name(Lang::Es, 11), "noviembre");
        assert_eq!(month_name(Lang::En, 1), "January");
        assert_eq!(EN.month_names.split(',').count(), 12);
        assert_eq!(ES.weekday_initials.split(',').count(), 7);
    }

    #[test]
    fn a_file_excel_holds_says_to_close_it_there_on_windows() {
        use std::io::Error;
        for code in [32, 33] {
            let e = Error::from_raw_os_error(code);
            assert!(held_by_another_program(ErrorCodes::Windows, Some(code)));
            assert_eq!(
                io_reason_on(Lang::En, &e, ErrorCodes::Windows),
                "another program, probably Excel, has the file open; close the file in Excel and try again"
            );
            assert!(
                io_reason_on(Lang::Es, &e, ErrorCodes::Windows)
                    .contains("cierre el archivo en Excel e intente de nuevo")
            );
            // The same numbers are a broken pipe and a math error elsewhere.
            assert!(!held_by_another_program(ErrorCodes::Posix, Some(code)));
            assert!(!io_reason_on(Lang::En, &e, ErrorCodes::Posix).contains("Excel"));
        }
        // Other Windows codes keep their own words: 5 is access denied, 2 a missing file.
        assert!(!held_by_another_program(ErrorCodes::Windows, Some(5)));
        assert!(!held_by_another_program(ErrorCodes::Windows, None));
        let missing = Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            io_reason_on(Lang::En, &missing, ErrorCodes::Windows),
            "it does not exist"
        );
    }

    #[test]
    fn system_errors_read_in_plain_words_of_the_language() {
        use std::io::{Error, ErrorKind};
        let gone = Error::from_raw_os_error(2);
        assert_eq!(
            io_reason_on(Lang::Es, &gone, ErrorCodes::Posix),
            "no existe"
        );
        // A code without a kind of its own: its number, never the system's English.
        let odd = Error::from_raw_os_error(71);
        let es = io_reason_on(Lang::Es, &odd, ErrorCodes::Posix);
        assert_eq!(es, "el sistema no lo permitió (error 71 del sistema)");
        assert!(!es.contains("os error"));
        let none = Error::from(ErrorKind::Unsupported);
        assert_eq!(io_reason(Lang::En, &none), "this computer cannot do that");
    }

    #[test]
    fn durations_read_as_clock_times() {
        assert_eq!(duration(0), "0:00");
        assert_eq!(duration(65), "1:05");
        assert_eq!(duration(3600), "1:00:00");
        assert_eq!(duration(97_390), "27:03:10");
        assert_eq!(duration_f(44.5), "0:45");
    }
}
