import Foundation
import SwitchboardModel

/// Typed reads of YAML values: each reports its own problem and returns nil, so callers only decide what is
/// required.
extension DocumentDecoder {
    // MARK: - Mappings

    /// The fields of a mapping node; unknown keys are reported with the nearest known one. `elsewhere` gives a
    /// hint for keys that belong to another variant (`'region' is a field of twilio-sms integrations`).
    mutating func fields(
        _ node: YNode, path: String, known: [String], what: String, elsewhere: [String: String] = [:]
    ) -> Fields {
        var f = Fields(node: node, path: path)
        // Without merge keys (nearly always), walk the pairs in place instead of building an array of them.
        let merged = node.hasMergeKey ? node.pairs : nil
        let count = merged?.count ?? node.rawPairCount
        f.values.reserveCapacity(count)
        for i in 0..<count {
            let (key, value) = merged?[i] ?? node.rawPair(i)
            guard key.kind == .scalar, let k = key.scalar else {
                report(
                    .nonStringKey(in: what, found: key.typeDescription),
                    at: key.location, path: path.isEmpty ? nil : path)
                continue
            }
            if known.contains(k) {
                if f[k] == nil { f.values.append((k, value)) }  // a duplicate key is reported by the YAML layer
            } else {
                report(
                    .unknownField(k, in: what, known: known, elsewhere: elsewhere[k]),
                    at: key.location, path: f.child(k))
            }
        }
        return f
    }

    /// `fields` for a node that must be a mapping; nil (reported) otherwise.
    mutating func mapping(
        _ node: YNode, path: String, known: [String], what: String, elsewhere: [String: String] = [:]
    ) -> Fields? {
        guard node.kind == .mapping else {
            typeError(node, path: path, expected: "a mapping")
            return nil
        }
        return fields(node, path: path, known: known, what: what, elsewhere: elsewhere)
    }

    mutating func typeError(_ node: YNode, path: String, expected: String, hint: String? = nil) {
        report(
            .wrongType(field: Self.fieldName(path), expected: expected, found: node.typeDescription, hint: hint),
            at: node.location, path: path)
    }

    mutating func missing(
        _ f: Fields, _ key: String, hint: String? = nil, code: DiagnosticCode = .manifestMissingField
    ) {
        report(.missingField(key, hint: hint, code: code), at: f.node.location, path: f.child(key))
    }

    // MARK: - Scalars

    /// A value quoted for a message: as written when it came from `${env:...}`, so a substituted value (which
    /// may be sensitive) is never echoed.
    func shown(_ node: YNode?, _ value: String) -> String {
        if let raw = node?.scalar, Self.hasDollar(raw), raw.contains("${env:") { return "'\(raw)'" }
        return "'\(value)'"
    }

    /// True when `s` contains a `$` (scanned over its contiguous UTF-8, much faster than the generic
    /// `utf8.contains` on long template texts).
    static func hasDollar(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { $0.contains(0x24) }
    }

    /// A string scalar with `${env:NAME}` substituted.
    mutating func string(_ node: YNode, path: String) -> String? {
        guard node.isString, let s = node.scalar else {
            typeError(node, path: path, expected: "a string")
            return nil
        }
        return substituted(node, text: s, path: path)
    }

    /// Any non-null scalar as written (a phone number or short code may be written without quotes).
    mutating func text(_ node: YNode, path: String) -> String? {
        guard node.kind == .scalar, !node.isNull, let s = node.scalar else {
            typeError(node, path: path, expected: "a string")
            return nil
        }
        return substituted(node, text: s, path: path)
    }

    mutating func string(_ f: Fields, _ key: String, required: Bool, hint: String? = nil) -> String? {
        guard let n = f[key] else {
            if required { missing(f, key, hint: hint) }
            return nil
        }
        return string(n, path: f.child(key))
    }

    mutating func text(_ f: Fields, _ key: String, required: Bool) -> String? {
        guard let n = f[key] else {
            if required { missing(f, key) }
            return nil
        }
        return text(n, path: f.child(key))
    }

    mutating func bool(_ node: YNode, path: String) -> Bool? {
        guard let b = node.boolValue else {
            typeError(node, path: path, expected: "a boolean (true or false)")
            return nil
        }
        return b
    }

    mutating func bool(_ f: Fields, _ key: String) -> Bool? {
        f[key].flatMap { bool($0, path: f.child(key)) }
    }

    mutating func int(_ node: YNode, path: String) -> Int? {
        guard let i = node.intValue else {
            typeError(node, path: path, expected: "an integer")
            return nil
        }
        return i
    }

    /// One of `allowed`; otherwise `manifest.type` listing the allowed values.
    mutating func enumValue(_ f: Fields, _ key: String, allowed: [String], required: Bool) -> String? {
        guard let n = f[key] else {
            if required { missing(f, key, hint: "one of: " + allowed.joined(separator: ", ")) }
            return nil
        }
        let path = f.child(key)
        guard n.isString, let s = n.scalar else {
            typeError(n, path: path, expected: "one of " + allowed.joined(separator: ", "))
            return nil
        }
        guard allowed.contains(s) else {
            report(.notAllowed(s, key: key, allowed: allowed), at: n.location, path: path)
            return nil
        }
        return s
    }

    /// A list of strings, each with its node.
    mutating func stringList(_ node: YNode, path: String) -> [(String, YNode)]? {
        guard node.kind == .sequence else {
            typeError(node, path: path, expected: "a list of strings")
            return nil
        }
        var out: [(String, YNode)] = []
        var ok = true
        for (i, item) in node.items.enumerated() {
            if let s = string(item, path: "\(path)[\(i)]") { out.append((s, item)) } else { ok = false }
        }
        return ok ? out : nil
    }

    /// A string map (labels): keys and non-null scalar values.
    mutating func labels(_ node: YNode, path: String) -> [String: String] {
        guard node.kind == .mapping else {
            typeError(node, path: path, expected: "a mapping of strings")
            return [:]
        }
        var out: [String: String] = [:]
        let merged = node.hasMergeKey ? node.pairs : nil
        for i in 0..<(merged?.count ?? node.rawPairCount) {
            let (key, value) = merged?[i] ?? node.rawPair(i)
            guard key.kind == .scalar, let k = key.scalar else {
                report(.nonStringLabelKey(found: key.typeDescription), at: key.location, path: path)
                continue
            }
            if let v = text(value, path: path + "." + k), out[k] == nil { out[k] = v }
        }
        return out
    }

    // MARK: - Secrets

    /// `{secretEnv: NAME}` or `{secretFile: path}`. A plain string is reported with `plainCode` and never echoed.
    mutating func secret(_ node: YNode, path: String, plainCode: DiagnosticCode = .manifestType) -> SecretRef? {
        guard node.kind == .mapping else {
            if node.kind == .scalar && !node.isNull {
                report(.plainSecret(field: Self.fieldName(path), code: plainCode), at: node.location, path: path)
            } else {
                typeError(node, path: path, expected: "a secret reference", hint: Diagnostic.secretReferenceHint)
            }
            return nil
        }
        let f = fields(node, path: path, known: ["secretEnv", "secretFile"], what: "a secret reference")
        switch (f["secretEnv"], f["secretFile"]) {
        case (let e?, nil):
            guard e.isString, let name = e.scalar, !name.isEmpty else {
                typeError(e, path: f.child("secretEnv"), expected: "an environment variable name")
                return nil
            }
            if environment[name] == nil {
                report(
                    secretsRequired ? .unsetVariable(name) : .unsetSecretVariable(name), at: e.location,
                    path: f.child("secretEnv"))
            }
            return SecretRef(.env(name), location: node.location)
        case (nil, let p?):
            guard let rel = string(p, path: f.child("secretFile")), !rel.isEmpty else { return nil }
            // Absolute, so a saved plan can be applied from another working directory.
            let resolved = URL(fileURLWithPath: rel.hasPrefix("/") ? rel : Self.join(fileDirectory, rel))
                .standardizedFileURL.path
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) || isDirectory.boolValue {
                report(
                    secretsRequired ? .missingSecretFile(resolved) : .missingSecretFileWarning(resolved),
                    at: p.location, path: f.child("secretFile"))
            }
            return SecretRef(.file(resolved), location: node.location)
        case (nil, nil):
            report(.emptySecretReference, at: node.location, path: path)
            return nil
        case (_?, _?):
            report(.ambiguousSecretReference, at: node.location, path: path)
            return nil
        }
    }

    mutating func secret(
        _ f: Fields, _ key: String, required: Bool, plainCode: DiagnosticCode = .manifestType
    ) -> SecretRef? {
        guard let n = f[key] else {
            if required { missing(f, key, hint: Diagnostic.secretReferenceHint) }
            return nil
        }
        return secret(n, path: f.child(key), plainCode: plainCode)
    }

    /// `directory/relative`, without a leading `./` for the current directory.
    static func join(_ directory: String, _ relative: String) -> String {
        if directory.isEmpty || directory == "." { return relative }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }

    // MARK: - Environment substitution

    /// `text` with every `${env:NAME}` replaced; nil (each unset variable reported) when a variable is unset.
    mutating func substituted(_ node: YNode, text: String, path: String) -> String? {
        guard Self.hasDollar(text) else { return text }
        let b = Array(text.utf8)
        let prefix = Array("${env:".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var ok = true
        var i = 0
        // Characters before `i` (libyaml counts characters, not bytes), counted as the scan goes.
        var counted = 0
        var characters = 0
        while i < b.count {
            if b[i] == 0x24, i + prefix.count <= b.count, b[i..<(i + prefix.count)].elementsEqual(prefix),
               let close = b[(i + prefix.count)...].firstIndex(of: 0x7D) {
                let name = String(decoding: b[(i + prefix.count)..<close], as: UTF8.self)
                if let value = environment[name] {
                    out.append(contentsOf: value.utf8)
                } else {
                    ok = false
                    characters += b[counted..<i].reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
                    counted = i
                    report(
                        .unsetVariable(name),
                        at: envLocation(node, scalarOffset: characters, needle: "${env:\(name)}"), path: path)
                }
                i = close + 1
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }

    /// The column of a `${env:...}` inside a single-line plain or quoted scalar, checked against the source;
    /// the scalar's own position otherwise. The file's lines are indexed once, on the first call.
    mutating func envLocation(_ node: YNode, scalarOffset: Int, needle: String) -> SourceLocation {
        var loc = node.location
        guard node.style == .plain || node.style == .quoted else { return loc }
        let column = loc.column + scalarOffset + (node.style == .quoted ? 1 : 0)
        if lines == nil { lines = LineIndex(source) }
        guard let lines, let p = lines.byteOffset(line: loc.line, column: column, in: source),
            let line = lines.range(ofLine: loc.line)
        else { return loc }
        let n = Array(needle.utf8)
        // byteOffset stops at the end of a shorter line, where the needle cannot fit.
        if p + n.count <= line.upperBound, source[p..<(p + n.count)].elementsEqual(n) { loc.column = column }
        return loc
    }

    // MARK: - Dates

    /// Days since 1970-01-01 of a `yyyy-MM-dd` date; nil when malformed.
    static func dayNumber(_ s: String) -> Int? {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1 else {
            return nil
        }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= lengths[m - 1] else { return nil }
        // Howard Hinnant's days_from_civil.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
