//! Crash safety: a panic anywhere writes a crash report next to the logs (no token, no
//! customer data beyond what the panic message itself says), and the next start shows a
//! friendly notice with the report's location.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use secrecy::{ExposeSecret, SecretString};

/// Tokens in use, blanked out of any crash report written while they are known.
static SECRETS: Mutex<Vec<SecretString>> = Mutex::new(Vec::new());

/// The file that records which crash report the user has already been told about.
const SEEN_FILE: &str = "crash-seen";

/// Remembers `token` so a crash report never contains it, whatever a panic message says.
pub fn register_secret(token: &SecretString) {
    let text = token.expose_secret().trim();
    if text.len() < 4 {
        return;
    }
    if let Ok(mut list) = SECRETS.lock()
        && !list.iter().any(|s| s.expose_secret() == text)
    {
        list.push(SecretString::from(text.to_string()));
    }
}

/// `text` with every known token replaced by `[token]`.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    if let Ok(list) = SECRETS.lock() {
        for s in list.iter() {
            out = out.replace(s.expose_secret(), "[token]");
        }
    }
    out
}

fn payload_text(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// The crash report's text.
fn report_text(info: &std::panic::PanicHookInfo<'_>) -> String {
    let thread = std::thread::current();
    let location = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let backtrace = std::backtrace::Backtrace::force_capture();
    redact(&format!(
        "wolkvox-ivr {version} crash report\n\
         when: {when}\n\
         system: {os} {arch}\n\
         thread: {thread}\n\
         where: {location}\n\
         what: {what}\n\n\
         backtrace:\n{backtrace}\n",
        version = env!("CARGO_PKG_VERSION"),
        when = jiff::Timestamp::now(),
        os = std::env::consts::OS,
        arch = std::env::consts::ARCH,
        thread = thread.name().unwrap_or("unnamed"),
        what = payload_text(info),
    ))
}

/// Installs the panic hook that writes crash reports into `dir`. The previous hook still
/// runs after it, so a terminal still shows the panic.
pub fn install(dir: PathBuf) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = report_text(info);
        let name = format!(
            "crash-{}.txt",
            jiff::Zoned::now().strftime("%Y%m%d-%H%M%S-%f")
        );
        let path = dir.join(name);
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::File::create(&path))
            .and_then(|mut f| f.write_all(text.as_bytes()));
        match written {
            Ok(()) => {
                tracing::error!(report = %path.display(), "crash: {}", redact(&payload_text(info)))
            }
            Err(e) => tracing::error!("crash report not written: {e}"),
        }
        previous(info);
    }));
}

/// The newest crash report in `dir` the user has not been told about.
pub fn unseen_report(dir: &Path) -> Option<PathBuf> {
    let seen = std::fs::read_to_string(dir.join(SEEN_FILE)).unwrap_or_default();
    let newest = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("crash-") && n.ends_with(".txt"))
        .max()?;
    (newest.as_str() > seen.trim()).then(|| dir.join(newest))
}

/// Records that the user was told about `report`.
pub fn mark_seen(report: &Path) {
    if let (Some(dir), Some(name)) = (report.parent(), report.file_name()) {
        let _ = std::fs::write(dir.join(SEEN_FILE), name.to_string_lossy().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_tokens_are_blanked_out() {
        register_secret(&SecretString::from("tok-very-secret-1".to_string()));
        assert_eq!(
            redact("sent tok-very-secret-1 to server"),
            "sent [token] to server"
        );
    }

    #[test]
    fn only_new_reports_are_unseen() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(unseen_report(dir.path()), None);
        std::fs::write(dir.path().join("crash-20261126-100000-1.txt"), "x").unwrap();
        let r = unseen_report(dir.path()).unwrap();
        mark_seen(&r);
        assert_eq!(unseen_report(dir.path()), None);
        std::fs::write(dir.path().join("crash-20261126-110000-1.txt"), "y").unwrap();
        assert!(unseen_report(dir.path()).is_some());
    }
}
