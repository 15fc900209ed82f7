//! Writing reports: to standard output, or to a file atomically, so that a
//! reader never sees a partial report.
//!
//! `--out FILE` writes a temporary file beside `FILE` and renames it over
//! `FILE` at the end. The temporary file is created exclusively (`O_EXCL`:
//! a file or symbolic link planted at its name is never written through),
//! with a name no other process can guess in advance, and with the mode of
//! the file it replaces (a 0600 report stays 0600). It is removed when the
//! write fails, and on SIGTERM or SIGINT before the process exits; one left
//! by a run killed outright (SIGKILL) is removed by the next run writing to
//! the same `FILE`. A path that is one of the command's inputs is refused.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Writes `text` on standard output. A closed pipe (`| head`) is no
/// error: the reader has what it wanted. Any other failure (a full disk
/// under `> file`) is one, with its message.
pub fn write_stdout(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("error: cannot write to standard output: {e}"))
        }
        _ => Ok(()),
    }
}

/// Prints `text` on standard error (warnings that do not fail a command).
pub fn print_err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Temporary files being written, removed if the process is told to stop.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs, once, the handler that removes the temporary files on SIGTERM
/// and SIGINT, then exits with 128 + the signal's number, as a shell does.
fn remove_temporaries_on_signal() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        // A handler thread, not code in the signal handler itself: removing
        // files is not async-signal-safe.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("remove temporary files".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    if let Ok(files) = TEMPORARY.lock() {
                        for file in files.iter() {
                            let _ = std::fs::remove_file(file);
                        }
                    }
                    std::process::exit(128 + signal);
                }
            });
    });
}

fn track(path: &Path) {
    if let Ok(mut files) = TEMPORARY.lock() {
        files.push(path.to_path_buf());
    }
}

fn untrack(path: &Path) {
    if let Ok(mut files) = TEMPORARY.lock() {
        files.retain(|p| p != path);
    }
}

/// The prefix of the temporary files written for `name`.
fn temporary_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Removes the temporary files for `name` in `dir` left by a run that no
/// longer exists (killed before it could clean up): their names carry the
/// process id that wrote them.
fn remove_leftovers(dir: &Path, name: &str) {
    let prefix = temporary_prefix(name);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else {
            continue;
        };
        let is_regular = entry.file_type().is_ok_and(|t| t.is_file());
        if is_regular && pid != std::process::id() as i32 && !process_exists(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs (signal 0 checks without sending).
fn process_exists(pid: i32) -> bool {
    if pid <= 0 {
        return true;
    }
    // SAFETY: kill with signal 0 sends nothing; it only checks the id.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// A name for a temporary file no other process can guess beforehand.
fn temporary_name(name: &str) -> String {
    let random: String = crate::share_safe::random_bytes::<8>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{}{}-{random}", temporary_prefix(name), std::process::id())
}

/// Creates the temporary file beside the target, exclusively.
fn create_temporary(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut last = std::io::Error::other("no temporary file could be created");
    for _ in 0..16 {
        let path = dir.join(temporary_name(name));
        // create_new is O_CREAT | O_EXCL: it fails on anything already at
        // the path, a symbolic link included, rather than write through it.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
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
    let existing = std::fs::metadata(path).ok();
    match &existing {
        Some(meta) if meta.is_dir() => {
            return Err(format!("error: --out {}: is a directory", shown(path)));
        }
        Some(meta) if !meta.is_file() => {
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
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("error: --out {}: not a file name", shown(path)))?;
    remove_leftovers(dir, &name);
    remove_temporaries_on_signal();
    let (temp, file) = create_temporary(dir, &name).map_err(failed)?;
    track(&temp);
    let run = || -> std::io::Result<T> {
        // The mode of the report it replaces, before any byte is written.
        if let Some(meta) = &existing {
            file.set_permissions(meta.permissions())?;
        }
        let mut buffered = std::io::BufWriter::with_capacity(1 << 20, file);
        let value = write(&mut buffered)?;
        buffered
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(value)
    };
    let result = run();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    untrack(&temp);
    result.map_err(failed)
}

/// Writes `text` to `path` atomically (see [`stream_atomically`]).
pub fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    stream_atomically(path, |w| w.write_all(text.as_bytes()))
}

/// Writes `text` to `out`, or to standard output when there is none.
pub fn emit(out: Option<&Path>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => write_atomically(path, text),
        None => write_stdout(text),
    }
}

/// Refuses an `--out` path that is one of the command's `inputs` (a spec,
/// a suit file, a data file): writing the report there would replace it.
/// Paths are compared as files (links and `dir/..` resolved).
pub fn refuse_input(out: Option<&Path>, inputs: &[&Path]) -> Result<(), String> {
    let Some(out) = out else {
        return Ok(());
    };
    let Ok(target) = std::fs::canonicalize(out) else {
        // Nothing there yet: it is no input.
        return Ok(());
    };
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == target) {
            return Err(format!(
                "error: --out {}: is one of the input files; the report would replace it",
                shown(out)
            ));
        }
    }
    Ok(())
}

/// One `--out`: a file, or standard output (`-`), and the format written
/// there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<F> {
    /// `None` for standard output.
    pub path: Option<PathBuf>,
    pub format: F,
}

/// The format names a file extension stands for.
const EXTENSIONS: [(&str, &str); 8] = [
    ("json", "json"),
    ("sarif", "sarif"),
    ("md", "markdown"),
    ("markdown", "markdown"),
    ("html", "html"),
    ("htm", "html"),
    ("xml", "junit"),
    ("txt", "text"),
];

/// Every format name some command writes: `PATH:NAME` names a format
/// only with one of these, so a path that holds a colon stays a path.
const FORMAT_NAMES: [&str; 9] = [
    "text", "json", "markdown", "html", "sarif", "junit", "concise", "github", "gitlab",
];

/// Where each `--out` goes and in which format: `PATH:FORMAT` names the
/// format, else the extension does (`.json`, `.sarif`, `.md`, `.html`,
/// `.xml` for junit, `.txt`), else `default` (`--format`). `-` is standard
/// output (`-:json` in a format of its own). No `--out` at all: standard
/// output in `default`. A format the command does not write, two outputs
/// on standard output, or the same file twice are refused.
pub fn targets<F: clap::ValueEnum + Copy>(
    outs: &[PathBuf],
    default: F,
) -> Result<Vec<Target<F>>, String> {
    if outs.is_empty() {
        return Ok(vec![Target {
            path: None,
            format: default,
        }]);
    }
    let parse = |name: &str, out: &Path| -> Result<F, String> {
        F::from_str(name, true).map_err(|_| {
            let names: Vec<String> = F::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                .collect();
            format!(
                "error: --out {}: this command writes no {name}; it writes {}",
                shown(out),
                names.join(", ")
            )
        })
    };
    let mut resolved: Vec<Target<F>> = Vec::new();
    for out in outs {
        let text = out.to_str().unwrap_or_default();
        let (path, format) = match text.rsplit_once(':') {
            Some((path, name)) if FORMAT_NAMES.contains(&name) && !path.is_empty() => {
                (PathBuf::from(path), Some(parse(name, out)?))
            }
            _ => (out.clone(), None),
        };
        let format = match format {
            Some(f) => f,
            None => {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                match EXTENSIONS.iter().find(|(e, _)| Some(*e) == ext.as_deref()) {
                    Some((_, name)) => parse(name, out)?,
                    None => default,
                }
            }
        };
        let path = (path.as_os_str() != "-").then_some(path);
        if resolved.iter().any(|t| t.path == path) {
            return Err(match path {
                None => "error: --out -: only one output can go to standard output".into(),
                Some(p) => format!("error: --out {}: named twice", shown(&p)),
            });
        }
        resolved.push(Target { path, format });
    }
    Ok(resolved)
}

/// Refuses every `--out` file that is one of `inputs` ([`refuse_input`]).
pub fn refuse_inputs<F>(targets: &[Target<F>], inputs: &[&Path]) -> Result<(), String> {
    targets
        .iter()
        .try_for_each(|t| refuse_input(t.path.as_deref(), inputs))
}

/// Writes each target in its format: `render` gives the text of a format.
pub fn emit_all<F: Copy>(
    targets: &[Target<F>],
    mut render: impl FnMut(F) -> String,
) -> Result<(), String> {
    for t in targets {
        emit(t.path.as_deref(), &render(t.format))?;
    }
    Ok(())
}

/// A path as a message prints it, without raw control characters.
fn shown(path: &Path) -> String {
    crate::text::escape_for_terminal(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("rescue-interop-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        dir
    }

    #[test]
    fn a_report_keeps_the_mode_of_the_file_it_replaces() {
        let dir = scratch("mode");
        let target = dir.join("report.txt");
        let _ = std::fs::write(&target, "old");
        let _ = std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600));
        assert_eq!(write_atomically(&target, "new"), Ok(()));
        let mode = std::fs::metadata(&target).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
        assert_eq!(
            std::fs::read_to_string(&target).ok().as_deref(),
            Some("new")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn leftovers_of_dead_runs_are_removed_and_live_ones_kept() {
        let dir = scratch("leftovers");
        let target = dir.join("fleet.html");
        // A process id that cannot exist (above the kernel's maximum).
        let dead = dir.join(".fleet.html.tmp-2147483646-0000000000000001");
        let own = dir.join(format!(".fleet.html.tmp-{}-0", std::process::id()));
        let other = dir.join(".other.html.tmp-2147483646-1");
        for f in [&dead, &own, &other] {
            let _ = std::fs::write(f, "partial");
        }
        assert_eq!(write_atomically(&target, "report"), Ok(()));
        assert!(!dead.exists(), "a dead run's leftover is removed");
        assert!(own.exists() && other.exists(), "others are left alone");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names.len(), 3, "{names:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_out_names_its_format_by_suffix_or_extension() {
        use crate::report::Format;
        let outs: Vec<PathBuf> = ["r.sarif", "-", "x.out:json", "page.HTML", "plain"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let t = targets(&outs, Format::Text).unwrap_or_default();
        let got: Vec<(Option<&str>, Format)> = t
            .iter()
            .map(|t| (t.path.as_deref().and_then(Path::to_str), t.format))
            .collect();
        assert_eq!(
            got,
            [
                (Some("r.sarif"), Format::Sarif),
                (None, Format::Text),
                (Some("x.out"), Format::Json),
                (Some("page.HTML"), Format::Html),
                (Some("plain"), Format::Text),
            ]
        );
        let none = targets(&[], Format::Json).unwrap_or_default();
        assert_eq!(
            none,
            [Target {
                path: None,
                format: Format::Json
            }]
        );
        assert!(targets(&[PathBuf::from("-"), PathBuf::from("-:json")], Format::Text).is_err());
        assert!(targets(&[PathBuf::from("a:c.txt")], Format::Text).is_ok());
        assert!(
            targets(
                &[PathBuf::from("r.json"), PathBuf::from("r.json:text")],
                Format::Text
            )
            .is_err()
        );
    }

    #[test]
    fn an_input_is_not_an_output() {
        let dir = scratch("input");
        let spec = dir.join("a.toml");
        let _ = std::fs::write(&spec, "[vehicle]\n");
        let through_dots = dir.join("x").join("..").join("a.toml");
        let _ = std::fs::create_dir_all(dir.join("x"));
        assert!(refuse_input(Some(&through_dots), &[&spec]).is_err());
        assert!(refuse_input(Some(&dir.join("b.toml")), &[&spec]).is_ok());
        assert!(refuse_input(None, &[&spec]).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
