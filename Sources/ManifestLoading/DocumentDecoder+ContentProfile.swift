import SwitchboardModel

extension DocumentDecoder {
    /// ContentProfile: `inbound`, `outbound` (media types, `type/*` allowed), `extends`.
    mutating func decodeContentProfile(_ node: YNode, into r: DecodedResource) -> ResourceSpec? {
        let f = fields(node, path: "spec", known: ["platform", "inbound", "outbound", "extends"],
                       what: "ContentProfile spec")
        readPlatform(f, into: r)
        let inbound = mediaTypes(f, "inbound")
        let outbound = mediaTypes(f, "outbound")
        let extends = ref(f["extends"], kind: .contentProfile, role: .extends, path: f.child("extends"), into: r)
        guard let inbound, let outbound else { return nil }
        return .contentProfile(ContentProfileSpec(inbound: inbound, outbound: outbound, extends: extends))
    }

    private mutating func mediaTypes(_ f: Fields, _ key: String) -> [String]? {
        guard let n = f[key] else { return [] }
        guard let list = stringList(n, path: f.child(key)) else { return nil }
        var ok = true
        for (i, (s, item)) in list.enumerated() where !Self.isMediaType(s) {
            ok = false
            report(.notMediaType(shown(item, s)), at: item.location, path: "\(f.child(key))[\(i)]")
        }
        return ok ? list.map(\.0) : nil
    }

    /// `type/subtype` or `type/*`, RFC 6838 token characters.
    static func isMediaType(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        func token(_ t: Substring) -> Bool {
            guard let first = t.utf8.first, first != 0x2A else { return false }
            return t.utf8.allSatisfy { c in
                (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
                    || "!#$&^_.+-".utf8.contains(c)
            }
        }
        return token(parts[0]) && (parts[1] == "*" || token(parts[1]))
    }
}
