//! Prints every cell value of a workbook, one line per cell (sheet, row, column, value
//! with its type), so two exports can be compared value by value:
//!
//!     cargo run --release --example sheet_values -- FILE.xlsx > values.txt

use std::process::ExitCode;

use calamine::{Data, Reader, Xlsx, open_workbook};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: sheet_values FILE.xlsx");
        return ExitCode::from(2);
    };
    let mut book: Xlsx<_> = match open_workbook(&path) {
        Ok(book) => book,
        Err(e) => {
            eprintln!("cannot open {}: {e}", path.to_string_lossy());
            return ExitCode::from(5);
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for name in book.sheet_names() {
        let range = match book.worksheet_range(&name) {
            Ok(range) => range,
            Err(e) => {
                eprintln!("cannot read the sheet {name}: {e}");
                return ExitCode::from(5);
            }
        };
        for (row, col, value) in range.used_cells() {
            // Floats by their bits: equal lines mean equal numbers, to the last bit.
            let shown = match value {
                Data::Float(f) => format!("Float({f:?} {:#x})", f.to_bits()),
                other => format!("{other:?}"),
            };
            if std::io::Write::write_all(
                &mut out,
                format!("{name}\t{row}\t{col}\t{shown}\n").as_bytes(),
            )
            .is_err()
            {
                return ExitCode::from(5);
            }
        }
    }
    ExitCode::SUCCESS
}
