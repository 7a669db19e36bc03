import SwitchboardModel

/// The YAML of exported manifests: block mappings, flow lists of scalars, and every string double-quoted with JSON's
/// escapes (a JSON string is a YAML double-quoted scalar), so no value can be read back as another type or as markup.
extension ManifestExport {
    /// A resource document: a comment saying where it came from, then the envelope and the spec.
    func document(
        kind: Kind, name: String, object: ExportedObject, spec: [String: Value], placeholders: [String] = []
    ) -> String {
        let type = connections.first { $0.name == object.connection }?.type.rawValue ?? "?"
        var out = "# from platform '\(object.connection)' (\(type)): id \(Self.comment(object.remote.remoteId))"
        if let key = object.remote.naturalKey, key != name { out += ", key \(Self.comment(key))" }
        out += ", status \(object.remote.status.rawValue)\n"
        // A name of digits only (a number named by its phone number) is quoted, or YAML would read an integer.
        let quoted = name.first?.isLetter == true ? name : Value.string(name).jsonText
        out += "apiVersion: switchboard/v1\nkind: \(kind.rawValue)\nmetadata:\n  name: \(quoted)\nspec:\n"
        if !placeholders.isEmpty {
            out += "  # not kept by the platform, so written with a placeholder: check "
                + placeholders.sorted().joined(separator: ", ") + "\n"
        }
        Self.mapping(spec, indent: 1, into: &out)
        return out
    }

    /// The Project: its name and the exported connections (credentials as the references the source Project had).
    func projectDocument() -> String {
        var out = "# The platform connections this export came from. Credentials are references, never values.\n"
        out += "apiVersion: switchboard/v1\nkind: Project\nmetadata:\n  name: \(projectName)\nspec:\n  platforms:\n"
        for c in connections {
            var fields: [String: Value] = ["type": .string(c.type.rawValue), "endpoint": .string(c.endpoint)]
            for (key, value) in c.settings { fields[key] = .string(value) }
            for (key, ref) in c.credentials { fields[key] = Self.secretValue(ref) }
            out += "    \(Self.key(c.name)):\n"
            Self.mapping(fields, indent: 3, into: &out)
        }
        return out
    }

    /// A secret reference as the manifest writes it.
    static func secretValue(_ ref: SecretRef) -> Value {
        switch ref.source {
        case .env(let name): .object(["secretEnv": .string(name)])
        case .file(let path): .object(["secretFile": .string(path)])
        }
    }

    /// A block mapping at `indent` (two spaces a level), keys sorted; nested mappings in block style, everything else
    /// on the key's line.
    static func mapping(_ fields: [String: Value], indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        for key in fields.keys.sorted() {
            guard let value = fields[key] else { continue }
            if case .object(let nested) = value, !nested.isEmpty, !isSecret(nested) {
                out += pad + Self.key(key) + ":\n"
                mapping(nested, indent: indent + 1, into: &out)
            } else {
                out += pad + Self.key(key) + ": " + flow(value) + "\n"
            }
        }
    }

    /// True for `{secretEnv: NAME}` / `{secretFile: path}`, written on one line as manifests usually show them.
    static func isSecret(_ object: [String: Value]) -> Bool {
        object.count == 1 && (object["secretEnv"] != nil || object["secretFile"] != nil)
    }

    /// A value in flow style: scalars as JSON (strings double-quoted), lists and mappings bracketed.
    static func flow(_ value: Value) -> String {
        switch value {
        case .list(let items): "[" + items.map(flow).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.keys.sorted().map { key($0) + ": " + flow(o[$0] ?? .null) }.joined(separator: ", ") + "}"
        default: value.jsonText
        }
    }

    /// A mapping key: plain when it is a simple name YAML reads as a string, else double-quoted.
    static func key(_ text: String) -> String {
        let plain = text.first.map { $0.isLetter || $0 == "_" } ?? false
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            && !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased())
        return plain ? text : Value.string(text).jsonText
    }

    /// Text for a one-line comment: line breaks and control characters dropped.
    static func comment(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\u{7F}" }.map(Character.init).prefix(200))
    }
}
