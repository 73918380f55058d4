//! The `wolkvox-ivr` program: parses the command line and runs a command.

use wolkvox_ivr::{cli, logging, settings::Settings};

fn main() {
    let _log = logging::init();
    let (settings, warning) = Settings::load();
    let args: Vec<_> = std::env::args_os().collect();
    let code = match cli::parse(args, &settings) {
        cli::Parsed::Exit(code) => code,
        cli::Parsed::Run(command) => {
            if let Some(w) = warning {
                let lang = cli::choose_lang(command.lang, &settings);
                eprintln!("{}: {}", lang.texts().warning_prefix, w.message(lang));
            }
            cli::run(command, &settings)
        }
    };
    drop(_log);
    std::process::exit(code);
}
