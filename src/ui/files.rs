//! Where files go: the default folder (the preference, else Documents, else Downloads),
//! default file names in the interface's language, and, where no system file dialog can
//! be shown (a Linux desktop without a portal or zenity), a field for a file name that
//! says in which folder it lands.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::action::{Action, FileAction};
use crate::i18n::{Lang, fill};
use crate::workspace::Provenance;

/// The path field's state while open: what it is for, what is typed, and the folder a
/// bare file name goes to.
pub(crate) struct PathPrompt {
    /// What the chosen file is for.
    pub action: FileAction,
    /// The text typed so far (the default file name to begin with).
    pub text: String,
    /// Where a name without a folder goes.
    pub folder: Option<PathBuf>,
}

/// The path field, while open.
pub(crate) type TypedPath = Option<PathPrompt>;

/// Where files go when no folder is named: the preferred folder when it exists, else the
/// user's Documents, else Downloads, else the home folder (never the program's working
/// folder, which a person cannot find).
pub(crate) fn default_folder(preferred: Option<PathBuf>) -> Option<PathBuf> {
    if let Some(p) = preferred.filter(|p| p.is_dir()) {
        return Some(p);
    }
    let user = directories::UserDirs::new()?;
    [user.document_dir(), user.download_dir()]
        .into_iter()
        .flatten()
        .find(|d| d.is_dir())
        .map(Path::to_path_buf)
        .or_else(|| Some(user.home_dir().to_path_buf()))
}

/// The file a typed text names: a full path as typed, `~/…` in the home folder, anything
/// else inside `folder`.
pub(crate) fn resolve_typed(text: &str, folder: Option<&Path>) -> PathBuf {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("~/").or_else(|| text.strip_prefix("~\\"))
        && let Some(user) = directories::UserDirs::new()
    {
        return user.home_dir().join(rest);
    }
    let typed = PathBuf::from(text);
    match folder {
        Some(f) if typed.is_relative() => f.join(typed),
        _ => typed,
    }
}

/// The file name offered for the calls of `provenance`, in `lang`:
/// `ivr-vs-agente_2026-11-01_2026-11-30.xlsx`; demo data says so first.
pub(crate) fn default_name(lang: Lang, provenance: Option<&Provenance>, extension: &str) -> String {
    let t = lang.texts();
    let mut name = String::new();
    if provenance.is_some_and(Provenance::is_demo) {
        name.push_str(t.file_name_demo);
        name.push('_');
    }
    name.push_str(t.file_name_base);
    let requested = provenance.map_or(&[][..], |p| &p.requested[..]);
    if let (Some(first), Some(last)) = (requested.first(), requested.last()) {
        for s in [first.from(), last.to()] {
            if let Some(dt) = s.civil() {
                name.push('_');
                name.push_str(&dt.date().to_string());
            }
        }
    }
    format!("{name}.{extension}")
}

/// The path field's dialog; closes itself on Cancel or when a path is chosen.
pub(crate) fn typed_path_ui(
    ctx: &egui::Context,
    lang: Lang,
    typed: &mut TypedPath,
) -> Option<Action> {
    let prompt = typed.as_mut()?;
    let t = lang.texts();
    let mut chosen = None;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("typed-path")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label(t.ui_no_dialog_name);
        let l = ui.label(t.ui_path);
        let r = ui
            .add(egui::TextEdit::singleline(&mut prompt.text).desired_width(480.0))
            .labelled_by(l.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let target = (!prompt.text.trim().is_empty())
            .then(|| resolve_typed(&prompt.text, prompt.folder.as_deref()));
        if let Some(target) = &target {
            let words = if prompt.action == FileAction::Open {
                t.ui_path_opens
            } else {
                t.ui_path_goes_to
            };
            ui.label(egui::RichText::new(fill(words, &[("path", &target.display())])).weak());
        }
        ui.horizontal(|ui| {
            if (ui.button(t.ui_ok).clicked() || enter)
                && let Some(target) = target
            {
                chosen = Some(Action::FileChosen(prompt.action, target));
            }
            if ui.button(t.ui_cancel).clicked() {
                close = true;
            }
        });
    });
    if chosen.is_some() || close || modal.should_close() {
        *typed = None;
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::page::PageSource;
    use crate::report::Stamp;
    use crate::wolkvox::TimeRange;

    #[test]
    fn default_names_follow_the_language_and_say_demo() {
        let range = TimeRange::new(
            Stamp::from_parts(2026, 11, 1, 0, 0, 0).unwrap(),
            Stamp::from_parts(2026, 11, 30, 23, 59, 59).unwrap(),
        )
        .unwrap();
        let mut p = Provenance {
            source: PageSource::Server("0002".into()),
            requested: vec![range],
            loaded_at: None,
            missing: Vec::new(),
        };
        assert_eq!(
            default_name(Lang::Es, Some(&p), "xlsx"),
            "ivr-vs-agente_2026-11-01_2026-11-30.xlsx"
        );
        assert_eq!(
            default_name(Lang::En, Some(&p), "csv"),
            "ivr-vs-agent_2026-11-01_2026-11-30.csv"
        );
        p.source = PageSource::Demo;
        assert_eq!(
            default_name(Lang::Es, Some(&p), "xlsx"),
            "DEMO-no-son-datos-reales_ivr-vs-agente_2026-11-01_2026-11-30.xlsx"
        );
        assert_eq!(default_name(Lang::En, None, "json"), "ivr-vs-agent.json");
    }

    #[test]
    fn a_typed_name_lands_in_the_default_folder_and_a_full_path_stays() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            resolve_typed(" reporte.xlsx ", Some(dir.path())),
            dir.path().join("reporte.xlsx")
        );
        let full = dir.path().join("otro.csv");
        let full_text = full.display().to_string();
        assert_eq!(
            resolve_typed(&full_text, Some(Path::new("/elsewhere"))),
            full
        );
        assert!(resolve_typed("~/x.json", None).is_absolute());
        let folder = default_folder(Some(dir.path().to_path_buf()));
        assert_eq!(folder.as_deref(), Some(dir.path()));
        // A preferred folder that does not exist falls back to the user's folders.
        let gone = default_folder(Some(dir.path().join("missing")));
        assert_ne!(gone.as_deref(), Some(dir.path().join("missing").as_path()));
    }
}
