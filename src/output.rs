//! Writing reports: to standard output, or to a file atomically, so that a
//! reader never sees a partial report.

use std::io::Write;
use std::path::Path;

/// Prints `text` on standard output. A closed pipe is not an error here:
/// the reader has what it wanted.
pub fn print_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Prints `text` on standard error (warnings that do not fail a command).
pub fn print_err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Streams `write` into a temporary file beside `path`, then renames it,
/// so a reader never sees a partial report. A path that exists and is not a
/// regular file (`/dev/null`, `/dev/stdout`, a pipe) is written directly:
/// renaming over it would replace the device with a file. The error is the
/// message to print.
pub fn stream_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T, String> {
    let failed = |e: std::io::Error| format!("error: cannot write {}: {e}", shown(path));
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(format!("error: --out {}: is a directory", shown(path)));
        }
        Ok(meta) if !meta.is_file() => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(failed)?;
            let value = write(&mut file).map_err(failed)?;
            file.flush().map_err(failed)?;
            return Ok(value);
        }
        _ => {}
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| format!("error: --out {}: not a file name", shown(path)))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let run = || -> std::io::Result<T> {
        let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&temp)?);
        let value = write(&mut file)?;
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(value)
    };
    run().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        failed(e)
    })
}

/// Writes `text` to `path` atomically (see [`stream_atomically`]).
pub fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    stream_atomically(path, |w| w.write_all(text.as_bytes()))
}

/// Writes `text` to `out`, or to standard output when there is none.
pub fn emit(out: Option<&Path>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => write_atomically(path, text),
        None => {
            print_out(text);
            Ok(())
        }
    }
}

/// A path as a message prints it, without raw control characters.
fn shown(path: &Path) -> String {
    crate::text::escape_for_terminal(&path.display().to_string())
}
