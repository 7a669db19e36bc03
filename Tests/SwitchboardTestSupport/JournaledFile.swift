import Foundation

/// Reads a JSON document the way Switchboard's readers see it: the file plus the journal beside it
/// (`<path>.journal`), folded by a reader written from the documented line formats (docs/state.md, docs/sandbox.md),
/// independent of the code that writes them. A last line without its newline (a write cut short) is ignored.
public enum JournaledFile {
    /// The document at `path` with its journal applied; nil when neither exists.
    /// - Throws: when the document or a journal line is not JSON.
    public static func json(_ path: String) throws -> [String: Any]? {
        let base = FileManager.default.contents(atPath: path)
        let journal = FileManager.default.contents(atPath: path + ".journal") ?? Data()
        guard base != nil || !journal.isEmpty else { return nil }
        var document = try base.map { try JSONSerialization.jsonObject(with: $0) as? [String: Any] ?? [:] } ?? [:]
        var lines = journal.split(separator: 0x0A, omittingEmptySubsequences: false)
        lines.removeLast()  // after the last newline: empty, or a line cut short
        for line in lines where !line.isEmpty {
            let entry = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] ?? [:]
            if let edits = entry["edits"] as? [[String: Any]] {
                for edit in edits { document = applyEdit(edit, to: document) }
            } else if let changes = entry["changes"] as? [[String: Any]], let serial = entry["serial"] as? Int {
                guard serial > (document["serial"] as? Int ?? 0) else { continue }
                var resources = document["resources"] as? [String: Any] ?? [:]
                var intents = document["intents"] as? [String: Any] ?? [:]
                var companions = document["companions"] as? [String: Any] ?? [:]
                for change in changes {
                    guard let address = change["address"] as? String else { continue }
                    resources[address] = change["resource"].flatMap { $0 is NSNull ? nil : $0 }
                    intents[address] = change["intent"].flatMap { $0 is NSNull ? nil : $0 }
                    companions[address] = change["companion"].flatMap { $0 is NSNull ? nil : $0 }
                }
                document["resources"] = resources
                document["intents"] = intents
                if !companions.isEmpty || document["companions"] != nil { document["companions"] = companions }
                document["serial"] = serial
            }
        }
        return document
    }

    /// A sandbox journal edit (`set`, `remove`, or `append` at an index) applied to a document.
    static func applyEdit(_ edit: [String: Any], to document: [String: Any]) -> [String: Any] {
        guard let path = edit["path"] as? [String], let key = path.first else { return document }
        var document = document
        if path.count > 1 {
            let inner = document[key] as? [String: Any] ?? [:]
            var rest = edit
            rest["path"] = Array(path.dropFirst())
            document[key] = applyEdit(rest, to: inner)
        } else if edit["remove"] != nil {
            document[key] = nil
        } else if let values = edit["append"] as? [Any], let at = edit["at"] as? Int {
            document[key] = Array((document[key] as? [Any] ?? []).prefix(at)) + values
        } else {
            document[key] = edit["set"]
        }
        return document
    }
}
