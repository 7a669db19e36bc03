import Foundation
import ManifestLoading
import SwitchboardModel

/// Position markers for fixtures: `1️⃣` ... `9️⃣` are stripped and their line:column recorded.
enum Markers {
    static let all: Set<Character> = ["0️⃣", "1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// `text` without markers, and where each marker was (columns count Unicode scalars, as libyaml does).
    static func strip(_ text: String, file: String) -> (String, [String: SourceLocation]) {
        var out = ""
        var found: [String: SourceLocation] = [:]
        var line = 1
        var column = 1
        for ch in text {
            if all.contains(ch) {
                found[String(ch)] = SourceLocation(file: file, line: line, column: column)
                continue
            }
            out.append(ch)
            if ch == "\n" {
                line += 1
                column = 1
            } else {
                column += ch.unicodeScalars.count
            }
        }
        return (out, found)
    }
}

/// A manifest directory in a fresh temporary directory.
struct Fixture {
    let root: String
    var markers: [String: SourceLocation] = [:]

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/switchboard-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Writes `text` (markers stripped) to `relative` below the root.
    mutating func write(_ relative: String, _ text: String) throws {
        let path = root + "/" + relative
        let (clean, found) = Markers.strip(text, file: path)
        markers.merge(found) { a, _ in a }
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(clean.utf8).write(to: URL(fileURLWithPath: path))
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func load(env: [String: String] = Fixture.env, today: String = "2026-03-01") -> LoadResult {
        ManifestLoader(environment: env, today: today).load(directory: root)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    static let env = ["TOKEN": "tok-secret-value", "PIN": "pin-secret-value", "TWILIO_TOKEN": "twilio-secret-value"]

    /// Loads one file of manifests and returns the result and the markers.
    static func load(
        _ text: String, file: String = "m.yaml", env: [String: String] = Fixture.env, today: String = "2026-03-01"
    ) throws -> (LoadResult, [String: SourceLocation]) {
        var f = try Fixture()
        defer { f.remove() }
        try f.write(file, text)
        return (f.load(env: env, today: today), f.markers)
    }
}

/// Common documents.
enum Docs {
    static let smsIntegration = """
        apiVersion: switchboard/v1
        kind: Integration
        metadata: {name: sms}
        spec:
          type: twilio-sms
          accountSid: AC0123456789abcdef0123456789abcdef
          authToken: {secretEnv: TWILIO_TOKEN}
          region: us-east-1

        """
    static let waIntegration = """
        apiVersion: switchboard/v1
        kind: Integration
        metadata: {name: twa}
        spec:
          type: twilio-whatsapp
          accountSid: ACfedcba9876543210fedcba9876543210
          authToken: {secretEnv: TWILIO_TOKEN}

        """
}
