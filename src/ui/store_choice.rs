//! Settings → "History: this computer / a shared PostgreSQL database": where the history
//! lives, with host, port, database, user and TLS mode; the password goes to the
//! keychain, never to the settings file.

use eframe::egui;
use secrecy::SecretString;

use super::action::Action;
use crate::i18n::{Lang, fill};
use crate::settings::Settings;
use crate::store::target::{DEFAULT_PORT, DEFAULT_SCHEMA, PgTarget, TlsMode};

/// The form's own state, filled from the settings the first time it is drawn.
#[derive(Default)]
pub(crate) struct StoreChoiceForm {
    filled: bool,
    /// "a shared PostgreSQL database" chosen.
    pub shared: bool,
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// Role name.
    pub user: String,
    /// TLS mode.
    pub tls: Option<TlsMode>,
    /// The password as typed (empty: keep the one in the keychain).
    pub password: String,
}

impl StoreChoiceForm {
    fn fill_from(&mut self, settings: &Settings) {
        self.filled = true;
        self.port = DEFAULT_PORT;
        if let Some(t) = &settings.shared_store {
            self.shared = true;
            self.host.clone_from(&t.host);
            self.port = t.port;
            self.database.clone_from(&t.database);
            self.user.clone_from(&t.user);
            self.tls = Some(t.tls);
        }
    }

    /// The database the form names, when host, database and user are filled in.
    pub fn target(&self) -> Option<PgTarget> {
        let (host, database, user) = (self.host.trim(), self.database.trim(), self.user.trim());
        if host.is_empty() || database.is_empty() || user.is_empty() {
            return None;
        }
        Some(PgTarget {
            host: host.to_string(),
            port: self.port,
            database: database.to_string(),
            user: user.to_string(),
            tls: self.tls.unwrap_or_else(|| TlsMode::default_for(host)),
            schema: DEFAULT_SCHEMA.to_string(),
        })
    }
}

fn tls_label(lang: Lang, mode: TlsMode) -> &'static str {
    let t = lang.texts();
    match mode {
        TlsMode::VerifyFull => t.ui_store_tls_verify_full,
        TlsMode::Require => t.ui_store_tls_require,
        TlsMode::Prefer => t.ui_store_tls_prefer,
        TlsMode::Disable => t.ui_store_tls_disable,
    }
}

/// The History choice; returns the change asked for, if any.
pub(crate) fn store_choice_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    settings: &Settings,
    form: &mut StoreChoiceForm,
) -> Option<Action> {
    let t = lang.texts();
    if !form.filled {
        form.fill_from(settings);
    }
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label(t.ui_store_choice);
        if ui
            .radio_value(&mut form.shared, false, t.ui_store_here)
            .clicked()
            && settings.shared_store.is_some()
        {
            action = Some(Action::SetSharedStore {
                target: None,
                password: None,
            });
        }
        ui.radio_value(&mut form.shared, true, t.ui_store_shared);
    });
    if let Some(now) = &settings.shared_store {
        ui.label(egui::RichText::new(fill(t.ui_store_now, &[("place", &now.place())])).weak());
    }
    if !form.shared {
        return action;
    }
    egui::Grid::new("store-choice-grid")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for (label, value) in [
                (t.ui_store_host, &mut form.host),
                (t.ui_store_database, &mut form.database),
                (t.ui_store_user, &mut form.user),
            ] {
                let l = ui.label(label);
                ui.add(egui::TextEdit::singleline(value).desired_width(220.0))
                    .labelled_by(l.id);
                ui.end_row();
            }
            let l = ui.label(t.ui_store_port);
            ui.add(egui::DragValue::new(&mut form.port).range(1..=65535))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(t.ui_store_tls);
            let current = form
                .tls
                .unwrap_or_else(|| TlsMode::default_for(form.host.trim()));
            egui::ComboBox::from_id_salt("store-tls")
                .selected_text(tls_label(lang, current))
                .show_ui(ui, |ui| {
                    for mode in TlsMode::ALL {
                        if ui
                            .selectable_label(current == mode, tls_label(lang, mode))
                            .clicked()
                        {
                            form.tls = Some(mode);
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(t.ui_store_password);
            ui.add(
                egui::TextEdit::singleline(&mut form.password)
                    .password(true)
                    .hint_text(t.ui_store_password_hint)
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
    let target = form.target();
    if target.is_none() {
        ui.label(egui::RichText::new(t.ui_store_missing).weak());
    }
    if ui
        .add_enabled(target.is_some(), egui::Button::new(t.ui_store_use))
        .on_hover_text(t.ui_store_use_hover)
        .clicked()
        && let Some(target) = target
    {
        let typed = std::mem::take(&mut form.password);
        action = Some(Action::SetSharedStore {
            target: Some(target),
            password: (!typed.is_empty()).then(|| SecretString::from(typed)),
        });
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_shows_the_saved_database_and_gives_it_back() {
        let mut settings = Settings::default();
        let saved =
            PgTarget::parse("postgres://ivr@db.example.com:6543/wolkvox?sslmode=require").unwrap();
        settings.shared_store = Some(saved.clone());
        let mut form = StoreChoiceForm::default();
        form.fill_from(&settings);
        assert!(form.shared);
        assert_eq!(form.target(), Some(saved));
        // Nothing saved: this computer, and nothing to use until the fields are filled.
        let mut form = StoreChoiceForm::default();
        form.fill_from(&Settings::default());
        assert!(!form.shared);
        assert_eq!(form.port, DEFAULT_PORT);
        assert_eq!(form.target(), None);
        form.host = " localhost ".into();
        form.database = "wolkvox".into();
        assert_eq!(form.target(), None, "no user yet");
        form.user = "ivr".into();
        let t = form.target().unwrap();
        assert_eq!((t.host.as_str(), t.tls), ("localhost", TlsMode::Prefer));
        form.host = "db.example.com".into();
        assert_eq!(form.target().unwrap().tls, TlsMode::VerifyFull);
    }
}
