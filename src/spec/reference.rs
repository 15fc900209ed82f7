//! Files a spec names (a suit file, and any file a scenario or record
//! names): where they may be.
//!
//! A spec from the other party is untrusted input, and a file it names is
//! read by the tool. A reference therefore resolves only inside a **root**:
//! the folder a user names (`--root DIR`), or by default the folder tree of
//! the spec that names it, taken as a spec library: the nearest folder above
//! the spec that holds an `interface-standards.toml`, else the folder above
//! the spec's own (a library keeps `vehicles/` and `suits/` side by side, so
//! `specs/vehicles/soyuz-ms.toml` names `../suits/sokol-kv2.toml`).
//!
//! The target is resolved with every symbolic link followed and must stay
//! inside the root; it must be a regular file, never a device, FIFO or
//! socket, and never under `/proc`, `/sys` or `/dev`, whose entries look
//! like small regular files and read back the process environment.
//! [`resolve`] is the one function every loader of a referencing file calls.

use std::path::{Component, Path, PathBuf};

/// Folders whose entries are never read as spec files, whatever the root.
const SYSTEM_FOLDERS: [&str; 3] = ["/proc", "/sys", "/dev"];

/// The file that marks the top of a spec library.
pub const LIBRARY_MARK: &str = super::standards::FILE_NAME;

/// Why a reference was refused: a sentence that quotes no file content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub reason: String,
    pub help: Option<String>,
}

impl Refused {
    fn new(reason: impl Into<String>) -> Self {
        Refused {
            reason: reason.into(),
            help: None,
        }
    }
    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The root the references of the spec at `spec` resolve inside: `root`
/// when given, else the spec's library: the nearest folder from the spec's
/// own upward holding [`LIBRARY_MARK`], else the folder above the spec's
/// own. The result is canonical (symbolic links resolved).
pub fn root_for(spec: &Path, root: Option<&Path>) -> Result<PathBuf, Refused> {
    if let Some(root) = root {
        return std::fs::canonicalize(root).map_err(|e| {
            Refused::new(format!(
                "the root folder {} cannot be read: {}",
                shown(root),
                reason(&e)
            ))
        });
    }
    // The spec's folder, not the spec: a spec read from text (a git
    // revision, a test) may have no file of its own.
    let written = spec
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let folder = std::fs::canonicalize(written).map_err(|e| {
        Refused::new(format!(
            "the folder of the spec {} cannot be read: {}",
            shown(spec),
            reason(&e)
        ))
    })?;
    let folder = folder.as_path();
    let library = folder
        .ancestors()
        .find(|dir| dir.join(LIBRARY_MARK).is_file())
        .or_else(|| folder.parent())
        .unwrap_or(folder);
    Ok(library.to_path_buf())
}

/// Resolves `written`, a file reference of the spec at `spec`, relative to
/// the spec's folder, and checks it against the root (see [`root_for`]).
/// Returns the canonical path to read.
pub fn resolve(spec: &Path, written: &str, root: Option<&Path>) -> Result<PathBuf, Refused> {
    let base = spec
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let scope = if root.is_some() {
        "the --root folder"
    } else {
        "the spec's library folder"
    };
    resolve_in(base, written, || root_for(spec, root), scope)
}

/// Resolves `name`, a file found by name in `folder` (a data file beside
/// the specs): it must be a regular file that no symbolic link takes out of
/// `folder`.
pub fn resolve_within(folder: &Path, name: &str) -> Result<PathBuf, Refused> {
    let inside = || {
        std::fs::canonicalize(folder).map_err(|e| {
            Refused::new(format!(
                "the folder {} cannot be read: {}",
                shown(folder),
                reason(&e)
            ))
        })
    };
    resolve_in(folder, name, inside, "the folder it was found in")
}

fn resolve_in(
    base: &Path,
    written: &str,
    root: impl FnOnce() -> Result<PathBuf, Refused>,
    scope: &str,
) -> Result<PathBuf, Refused> {
    if written.trim().is_empty() {
        return Err(Refused::new("an empty file name"));
    }
    if written.contains('\0') {
        return Err(Refused::new("a file name holding a NUL character"));
    }
    let joined = base.join(written);
    // Refuse the system folders by the path as written too: a missing
    // /proc entry must not be reported as merely "no such file".
    if is_system(&lexical(&joined)) {
        return Err(system_refusal());
    }
    let inside = root()?;
    let target = std::fs::canonicalize(&joined)
        .map_err(|e| Refused::new(format!("cannot be read: {}", reason(&e))))?;
    if is_system(&target) {
        return Err(system_refusal());
    }
    if !target.starts_with(&inside) {
        return Err(Refused::new(format!(
            "resolves outside {scope} ({}); not read",
            shown(&inside)
        ))
        .help(
            "a spec may name files only inside its library: the nearest folder above it holding \
             interface-standards.toml, else the folder above its own; give --root DIR to allow another folder",
        ));
    }
    let meta = std::fs::metadata(&target)
        .map_err(|e| Refused::new(format!("cannot be read: {}", reason(&e))))?;
    if meta.is_dir() {
        return Err(Refused::new("is a directory, not a spec file"));
    }
    if !meta.is_file() {
        return Err(Refused::new(
            "is not a regular file (a device, FIFO or socket); not read",
        ));
    }
    Ok(target)
}

fn system_refusal() -> Refused {
    Refused::new(
        "is not a regular file of a spec folder (/proc, /sys and /dev hold none); not read",
    )
}

fn is_system(path: &Path) -> bool {
    SYSTEM_FOLDERS.iter().any(|dir| path.starts_with(dir))
}

/// `path` with `.` and `dir/..` folded away, symbolic links not followed.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn shown(path: &Path) -> String {
    crate::text::escape_for_terminal(&path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn a_bundled_spec_names_its_library_suits() {
        let spec = repo().join("specs/vehicles/soyuz-ms.toml");
        let found = resolve(&spec, "../suits/sokol-kv2.toml", None);
        assert_eq!(
            found.ok(),
            std::fs::canonicalize(repo().join("specs/suits/sokol-kv2.toml")).ok()
        );
        assert_eq!(
            root_for(&spec, None).ok(),
            std::fs::canonicalize(repo().join("specs")).ok()
        );
    }

    #[test]
    fn references_out_of_the_tree_are_refused() {
        let spec = repo().join("specs/vehicles/soyuz-ms.toml");
        for written in [
            "/etc/passwd",
            "../../../../../../../../etc/passwd",
            "../../Cargo.toml",
            "/proc/self/environ",
            "../../../../../../../../proc/self/environ",
            "/dev/zero",
            "../..",
            "",
        ] {
            let refused = resolve(&spec, written, None);
            assert!(refused.is_err(), "{written}: {refused:?}");
        }
        let wider = resolve(&spec, "../../Cargo.toml", Some(&repo()));
        assert!(wider.is_ok(), "{wider:?}");
        let system = resolve(&spec, "/proc/self/environ", Some(Path::new("/")));
        assert!(system.is_err(), "{system:?}");
    }

    #[test]
    fn a_symbolic_link_out_of_the_tree_is_refused() {
        let top = std::env::temp_dir().join(format!("rescue-interop-ref-{}", std::process::id()));
        let dir = top.join("vehicles");
        let _ = std::fs::create_dir_all(&dir);
        let spec = dir.join("a.toml");
        let _ = std::fs::write(&spec, "format = 1\n");
        let _ = std::fs::write(dir.join("suit.toml"), "[suit]\n");
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink("/etc/hostname", dir.join("out.toml"));
            let _ = std::os::unix::fs::symlink("suit.toml", dir.join("in.toml"));
            assert!(resolve(&spec, "out.toml", None).is_err());
            assert!(resolve(&spec, "in.toml", None).is_ok());
        }
        assert!(resolve(&spec, "suit.toml", None).is_ok());
        assert!(resolve(&spec, ".", None).is_err());
        // The folder above is the library; above that is out.
        let _ = std::fs::write(top.join("other.toml"), "[suit]\n");
        assert!(resolve(&spec, "../other.toml", None).is_ok());
        assert!(resolve(&spec, "../../other.toml", None).is_err());
        let _ = std::fs::remove_dir_all(&top);
    }
}
