import Foundation
import SwitchboardModel

/// Reads `--env-file` files: `NAME=value` lines, `#` comments, optional `export ` prefix and quotes.
public enum EnvFile {
    /// A problem in an env file, with its line.
    public struct Failure: Error, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Parses `text`; values are returned, never printed.
    /// - Throws: `Failure` for a line that is neither blank, a comment nor `NAME=value`.
    public static func parse(_ text: String, file: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let eq = line.firstIndex(of: "=") else {
                throw Failure(file: file, line: i + 1, message: "expected NAME=value")
            }
            let name = String(line[..<eq])
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw Failure(file: file, line: i + 1, message: "'\(name)' is not a variable name")
            }
            var value = String(line[line.index(after: eq)...])
            if value.count >= 2, let f = value.first, let l = value.last, f == l, f == "\"" || f == "'" {
                value = String(value.dropFirst().dropLast())
            }
            out[name] = value
        }
        return out
    }

    /// Loads `path` and merges it under `environment` (variables already set win, as with docker's --env-file).
    public static func merge(_ path: String, into environment: [String: String]) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(file: path, line: 0, message: "cannot read the env file")
        }
        let values = try parse(String(decoding: data, as: UTF8.self), file: path)
        return environment.merging(values) { current, _ in current }
    }
}

/// The git commit of a directory, when it is inside a work tree.
public enum GitInfo {
    /// `git rev-parse HEAD` in `directory` (with `-dirty` when the manifests have uncommitted changes); nil
    /// outside a work tree or without git.
    public static func commit(of directory: String) -> String? {
        guard let head = run(["-C", directory, "rev-parse", "HEAD"]), !head.isEmpty else { return nil }
        let status = run(["-C", directory, "status", "--porcelain", "--", "."]) ?? ""
        return status.isEmpty ? head : head + "-dirty"
    }

    static func run(_ args: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
