import SwitchboardModel

/// The diagnostics of reading a manifest set: the YAML of its files, and the files and folders themselves (the rest
/// are in `Diagnostics.swift`).
extension Diagnostic {
    // MARK: - YAML (yaml.*)

    /// libyaml rejected the text; `message` is libyaml's own.
    static func yamlSyntax(_ message: String) -> Diagnostic { Diagnostic(.yamlSyntax, message) }

    static func undefinedAlias(_ name: String) -> Diagnostic {
        Diagnostic(.yamlSyntax, "alias '*\(name)' refers to no anchor defined before it")
    }

    static func duplicateKey(_ key: String, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            .yamlDuplicateKey, "duplicate key '\(key)' in this mapping",
            hint: "remove one of the two; the first is at line \(first.line)",
            notes: [note(.yamlDuplicateKey, "first '\(key)' is here", at: first)])
    }

    static func aliasLimit(_ bound: Int64) -> Diagnostic {
        Diagnostic(
            .yamlAliasLimit,
            "aliases expand to more than \(bound) nodes here; refusing to expand them (\"billion laughs\")",
            hint: "use fewer nested aliases")
    }

    /// `tag` as written, with the core schema's prefix shortened to `!!`.
    static func unknownTag(_ tag: String) -> Diagnostic {
        Diagnostic(
            .yamlTag, "tag '\(tag)' is not part of the YAML core schema",
            hint: "remove the tag; only !!str, !!int, !!float, !!bool, !!null, !!seq and !!map are allowed")
    }

    /// Collections nest deeper than `limit` here; libyaml stops at once, so the rest of the file is not read.
    static func depth(limit: Int) -> Diagnostic {
        Diagnostic(
            .yamlDepth, "collections nest more than \(limit) levels deep here; the rest of the file is not read",
            hint: "a manifest needs a few levels; look for brackets that are never closed")
    }

    /// Placed at the start of `file`.
    static func fileTooLarge(_ bytes: Int, limit: Int, file: String) -> Diagnostic {
        Diagnostic(
            .yamlFileSize, "file is \(bytes) bytes, over the limit of \(limit) bytes (16 MiB)",
            hint: "split the manifests over several files"
        ).placed(at: SourceLocation(file: file, line: 1, column: 1), path: nil)
    }

    // MARK: - Files (manifest.empty, manifest.read, manifest.symlink)

    static func unlistableDirectory(_ error: ManifestListingError) -> Diagnostic {
        let message = switch error {
        case .missing(let directory): "directory '\(directory)' does not exist"
        case .notADirectory(let path): "'\(path)' is not a directory"
        }
        return Diagnostic(.manifestEmpty, message, hint: "pass the directory that holds the *.yaml manifests")
    }

    static func noManifests(in directory: String) -> Diagnostic {
        Diagnostic(
            .manifestEmpty, "no *.yaml or *.yml files in '\(directory)'",
            hint: "pass the directory that holds the manifests")
    }

    /// A file or folder of the set that cannot be read (`reason`: `permission denied`); placed at its start.
    static func unreadable(_ path: String, folder: Bool, reason: String) -> Diagnostic {
        Diagnostic(
            .manifestRead, folder ? "cannot read folder '\(path)'" : "cannot read '\(path)'",
            hint: "\(reason); nothing is planned until every file of the set can be read"
        ).placed(at: SourceLocation(file: path, line: 1, column: 1), path: nil)
    }

    /// A symbolic link that leads outside the manifest directory, or (`loops`) whose resolution loops or leads to a
    /// folder holding it; placed at the link. It names the link only: nothing of the target is read or shown.
    static func symbolicLink(_ path: String, loops: Bool) -> Diagnostic {
        let problem = loops ? "loops; it is not followed" : "leads outside the manifest directory; it is not read"
        return Diagnostic(
            .manifestSymlink, "symbolic link '\(path)' \(problem)",
            hint: loops ? "point it at a file or folder of the set" : "copy what it points to into the directory"
        ).placed(at: SourceLocation(file: path, line: 1, column: 1), path: nil)
    }
}
