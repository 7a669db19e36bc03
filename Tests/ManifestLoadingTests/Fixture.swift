import Foundation
import ManifestLoading
import SwitchboardWorkspace
import SwitchboardModel
import SwitchboardTestSupport

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

/// A manifest directory in a fresh temporary directory, with the positions of the markers in what was written.
struct Fixture {
    let directory: TemporaryDirectory
    var markers: [String: SourceLocation] = [:]

    init() throws {
        directory = try TemporaryDirectory("tests")
    }

    var root: String { directory.path }

    /// Writes `text` (markers stripped) to `relative` below the root.
    mutating func write(_ relative: String, _ text: String) throws {
        let (clean, found) = Markers.strip(text, file: path(relative))
        markers.merge(found) { a, _ in a }
        try directory.write(relative, clean)
    }

    func path(_ relative: String) -> String { directory.path(relative) }

    func load(env: [String: String] = Fixture.env, today: String = "2026-03-01") -> LoadResult {
        ManifestLoader(platforms: PlatformRegistry.catalog, environment: env, today: today).load(directory: root)
    }

    func remove() { directory.remove() }

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
