import Foundation
import SwitchboardModel

/// What the Genesys Cloud emulator stores: the platform's objects in storage form, independent of the wire format.
/// Times are seconds since 1970; asynchronous states are derived from them when an object is served.
public struct GenesysEmulatorStore: Sendable, Codable, Hashable {
    /// Supported content (a ContentProfile).
    public struct SupportedContent: Sendable, Codable, Hashable {
        public var id, name: String
        public var inbound, outbound: [String]
        public var version: Int
    }

    /// A WhatsApp integration.
    public struct WhatsApp: Sendable, Codable, Hashable {
        public var id, name: String
        /// `embeddedSignup` or `certificate`.
        public var flow: String
        public var phoneNumber: String?
        public var supportedContentId: String?
        public var createdAt: Double
        public var activatedAt: Double?
        public var codeRequestedAt: Double?
        public var verificationCode: String?
        public var deletedAt: Double?
        public var version: Int
    }

    /// An integration (BYO Twilio SMS) with its configuration.
    public struct Integration: Sendable, Codable, Hashable {
        public var id, name, typeId: String
        public var intendedState: String
        public var intendedAt: Double
        public var properties: [String: Value]
        public var advanced: [String: Value]
        public var credentials: [String: String]
        public var configVersion: Int
    }

    /// A credential; field values are kept only as SHA-256 digests.
    public struct Credential: Sendable, Codable, Hashable {
        public var id, name, typeName: String
        public var fieldDigests: [String: String]
    }

    /// An SMS number in the inventory.
    public struct SMSNumber: Sendable, Codable, Hashable {
        public var id, phoneNumber, phoneNumberType, countryCode, integrationId: String
        public var supportedContentId: String?
        public var compliance: Value?
        public var version: Int
        /// `Create`, `Update` or `Delete`, and when it started.
        public var action: String
        public var actionAt: Double
    }

    /// An outbound e-mail domain.
    public struct Domain: Sendable, Codable, Hashable {
        public var id, senderType: String
        public var createdAt: Double
        public var verified: Bool
    }

    /// A Response Management library.
    public struct Library: Sendable, Codable, Hashable {
        public var id, name: String
    }

    /// A Response Management response of type MessagingTemplate.
    public struct Response: Sendable, Codable, Hashable {
        public var id, name: String
        public var libraryIds: [String]
        public var text, contentType: String
        public var responseType: String
        public var whatsAppName, language: String
        public var namespace: String?
        public var version: Int
    }

    public var supportedContent: [String: SupportedContent] = [:]
    public var whatsapp: [String: WhatsApp] = [:]
    public var integrations: [String: Integration] = [:]
    public var credentials: [String: Credential] = [:]
    public var numbers: [String: SMSNumber] = [:]
    public var domains: [String: Domain] = [:]
    public var libraries: [String: Library] = [:]
    public var responses: [String: Response] = [:]
    /// Ids handed out so far (ids are deterministic: `<prefix>-<n>` as UUID-like text).
    public var sequence: Int = 0

    /// Creates an empty organization.
    public init() {}

    /// A fresh id.
    public mutating func newId() -> String {
        sequence += 1
        let hex = String(sequence, radix: 16)
        return "5b1f0000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }
}

/// Where the emulator keeps its organization. The seam is one transaction over the store, so a backend can be
/// memory, a file, or the shared sandbox world.
public protocol GenesysEmulatorBackend: Sendable {
    /// Runs `body` on the store atomically and persists the result.
    /// - Throws: what `body` throws, or a persistence error.
    func transact<T: Sendable>(_ body: @Sendable (inout GenesysEmulatorStore) throws -> T) async throws -> T
}

/// A backend in memory, optionally saved to a JSON file after every change.
public actor InMemoryGenesysEmulatorBackend: GenesysEmulatorBackend {
    private var store: GenesysEmulatorStore
    private let file: URL?

    /// Creates a backend; with `file`, loads it when present and writes it after every transaction.
    /// - Throws: when the file exists but cannot be decoded.
    public init(store: GenesysEmulatorStore = .init(), file: URL? = nil) throws {
        self.file = file
        if let file, let data = try? Data(contentsOf: file) {
            self.store = try JSONDecoder().decode(GenesysEmulatorStore.self, from: data)
        } else {
            self.store = store
        }
    }

    public func transact<T: Sendable>(_ body: @Sendable (inout GenesysEmulatorStore) throws -> T) async throws -> T {
        var copy = store
        let result = try body(&copy)
        if copy != store {
            store = copy
            if let file {
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                try encoder.encode(store).write(to: file, options: .atomic)
            }
        }
        return result
    }

    /// A copy of the store (tests).
    public func snapshot() -> GenesysEmulatorStore { store }
}
