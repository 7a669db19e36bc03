import Foundation
import SwitchboardModel

/// Reads the values of secret references at plan or apply time. Values are never logged or stored.
public struct SecretResolver: Sendable {
    /// Why a secret could not be read. Messages name the variable or file, never a value.
    public enum ResolveError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The environment variable is not set.
        case unsetVariable(String)
        /// The file could not be read.
        case unreadableFile(String)

        public var description: String {
            switch self {
            case .unsetVariable(let name): "environment variable '\(name)' is not set"
            case .unreadableFile(let path): "secret file '\(path)' cannot be read"
            }
        }
    }

    /// The environment `secretEnv` references are read from.
    public var environment: [String: String]

    /// Creates a resolver over `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The secret's value: the variable's value, or the file's contents without one trailing newline.
    ///
    /// Throws `ResolveError` when the variable is unset or the file cannot be read.
    public func value(_ ref: SecretRef) throws -> String {
        switch ref.source {
        case .env(let name):
            guard let v = environment[name] else { throw ResolveError.unsetVariable(name) }
            return v
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ResolveError.unreadableFile(path)
            }
            var text = String(decoding: data, as: UTF8.self)
            // "\r\n" is one Character, so one removeLast() trims either line ending.
            if let last = text.last, last == "\n" || last == "\r\n" { text.removeLast() }
            return text
        }
    }
}
