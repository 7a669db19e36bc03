import Foundation

/// A JSON value, as the schema tests need it.
enum JSON: Hashable, Sendable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }

    /// Equality as JSON Schema means it (`1` equals `1.0`).
    func sameValue(_ other: JSON) -> Bool {
        switch (self, other) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): Double(a) == b
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.sameValue($1) }
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { k, v in b[k].map { v.sameValue($0) } ?? false }
        default: self == other
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// One validation failure: where in the instance, and what.
struct SchemaError: Hashable, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "\(path.isEmpty ? "(root)" : path): \(message)" }
}

/// A JSON Schema (draft 2020-12) validator for the subset `docs/schema/switchboard-v1.json` uses.
///
/// Supported: boolean schemas, `type`, `properties`, `required`, `additionalProperties`, `propertyNames`, `enum`,
/// `const`, `pattern`, `items`, `minItems`, `minLength`, `maxLength`, `$ref` to `#` and `#/$defs/...`,
/// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`. Any other keyword that is not an annotation is reported as
/// unsupported, so the validator never silently ignores part of the schema.
struct MiniJSONSchema {
    let root: JSON

    static let annotations: Set<String> = [
        "$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples",
    ]

    init(_ root: JSON) { self.root = root }

    init(contentsOf url: URL) throws {
        root = try JSONDecoder().decode(JSON.self, from: Data(contentsOf: url))
    }

    /// Every failure of `instance` against the root schema.
    func validate(_ instance: JSON) -> [SchemaError] {
        var errors: [SchemaError] = []
        check(root, instance, path: "", errors: &errors)
        return errors
    }

    func isValid(_ schema: JSON, _ instance: JSON, path: String) -> Bool {
        var errors: [SchemaError] = []
        check(schema, instance, path: path, errors: &errors)
        return errors.isEmpty
    }

    func check(_ schema: JSON, _ instance: JSON, path: String, errors: inout [SchemaError]) {
        func fail(_ message: String, at p: String = path) { errors.append(SchemaError(path: p, message: message)) }
        switch schema {
        case .bool(true): return
        case .bool(false):
            fail("no value is allowed here")
            return
        case .object: break
        default:
            fail("schema is not an object or boolean")
            return
        }
        guard case .object(let s) = schema else { return }

        for (keyword, value) in s.sorted(by: { $0.key < $1.key }) {
            switch keyword {
            case _ where Self.annotations.contains(keyword): continue
            case "then", "else": continue  // evaluated with "if"
            case "$ref":
                guard case .string(let ref) = value, let target = resolve(ref) else {
                    fail("unresolvable $ref \(value)")
                    continue
                }
                check(target, instance, path: path, errors: &errors)
            case "type":
                let allowed: [String]
                switch value {
                case .string(let t): allowed = [t]
                case .array(let ts): allowed = ts.compactMap { if case .string(let t) = $0 { t } else { nil } }
                default: allowed = []
                }
                let actual = instance.typeName
                let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
                if !ok { fail("expected \(allowed.joined(separator: " or ")), found \(actual)") }
            case "enum":
                guard case .array(let options) = value else { continue }
                if !options.contains(where: { $0.sameValue(instance) }) {
                    fail("\(render(instance)) is not one of \(options.map(render).joined(separator: ", "))")
                }
            case "const":
                if !value.sameValue(instance) { fail("\(render(instance)) is not \(render(value))") }
            case "pattern":
                guard case .string(let text) = instance, case .string(let pattern) = value else { continue }
                guard let regex = try? NSRegularExpression(pattern: pattern) else {
                    fail("bad pattern \(pattern)")
                    continue
                }
                let range = NSRange(text.startIndex..., in: text)
                if regex.firstMatch(in: text, range: range) == nil { fail("'\(text)' does not match \(pattern)") }
            case "minLength", "maxLength":
                guard case .string(let text) = instance, case .int(let bound) = value else { continue }
                let n = text.unicodeScalars.count
                if keyword == "minLength" && n < bound { fail("shorter than \(bound) characters") }
                if keyword == "maxLength" && n > bound { fail("longer than \(bound) characters") }
            case "minItems":
                guard case .array(let items) = instance, case .int(let bound) = value else { continue }
                if items.count < bound { fail("fewer than \(bound) items") }
            case "items":
                guard case .array(let items) = instance else { continue }
                for (i, item) in items.enumerated() {
                    check(value, item, path: "\(path)[\(i)]", errors: &errors)
                }
            case "required":
                guard case .object(let o) = instance, case .array(let names) = value else { continue }
                for case .string(let name) in names where o[name] == nil {
                    fail("missing required field '\(name)'")
                }
            case "properties":
                guard case .object(let o) = instance, case .object(let props) = value else { continue }
                for (name, sub) in props.sorted(by: { $0.key < $1.key }) {
                    if let v = o[name] { check(sub, v, path: join(path, name), errors: &errors) }
                }
            case "additionalProperties":
                guard case .object(let o) = instance else { continue }
                var declared = Set<String>()
                if case .object(let props)? = s["properties"] { declared = Set(props.keys) }
                for (name, v) in o.sorted(by: { $0.key < $1.key }) where !declared.contains(name) {
                    if case .bool(false) = value {
                        fail("unknown field '\(name)'")
                    } else {
                        check(value, v, path: join(path, name), errors: &errors)
                    }
                }
            case "propertyNames":
                guard case .object(let o) = instance else { continue }
                for name in o.keys.sorted() {
                    check(value, .string(name), path: join(path, name), errors: &errors)
                }
            case "allOf":
                guard case .array(let subs) = value else { continue }
                for sub in subs { check(sub, instance, path: path, errors: &errors) }
            case "anyOf":
                guard case .array(let subs) = value else { continue }
                if !subs.contains(where: { isValid($0, instance, path: path) }) {
                    // Report the branch that got furthest (fewest errors), so messages stay useful.
                    let attempts = subs.map { sub -> [SchemaError] in
                        var e: [SchemaError] = []
                        check(sub, instance, path: path, errors: &e)
                        return e
                    }
                    let best = attempts.min { $0.count < $1.count } ?? []
                    fail("matches none of the allowed forms")
                    errors += best
                }
            case "oneOf":
                guard case .array(let subs) = value else { continue }
                let matches = subs.filter { isValid($0, instance, path: path) }.count
                if matches != 1 {
                    fail(
                        matches == 0
                            ? "matches none of the allowed forms" : "matches \(matches) forms; exactly one is allowed")
                    if matches == 0 {
                        let attempts = subs.map { sub -> [SchemaError] in
                            var e: [SchemaError] = []
                            check(sub, instance, path: path, errors: &e)
                            return e
                        }
                        errors += attempts.min { $0.count < $1.count } ?? []
                    }
                }
            case "not":
                if isValid(value, instance, path: path) { fail("matches a form that is not allowed") }
            case "if":
                if isValid(value, instance, path: path) {
                    if let then = s["then"] { check(then, instance, path: path, errors: &errors) }
                } else if let otherwise = s["else"] {
                    check(otherwise, instance, path: path, errors: &errors)
                }
            default:
                fail("unsupported schema keyword '\(keyword)'")
            }
        }
    }

    func resolve(_ ref: String) -> JSON? {
        if ref == "#" { return root }
        guard ref.hasPrefix("#/") else { return nil }
        var node = root
        for part in ref.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let o) = node, let next = o[key] else { return nil }
            node = next
        }
        return node
    }

    func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    func render(_ v: JSON) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .string(let s): "'\(s)'"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
