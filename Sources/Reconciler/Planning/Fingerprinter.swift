import SwitchboardCrypto
import SwitchboardModel

/// Secret fingerprints: HMAC-SHA-256 under a key derived from the state lineage, or under
/// `SWITCHBOARD_FINGERPRINT_KEY` when that is set (DESIGN.md section 4).
///
/// Only long-lived secrets are fingerprinted (`Resource.fingerprintedSecretFields`). State records which key its
/// fingerprints were made with (`keyID`), so a changed key is told apart from changed secrets.
public struct Fingerprinter: Sendable {
    let key: [UInt8]
    /// `lineage` for the key derived from the lineage; `key:` and 16 hex digits of an HMAC of a fixed text under a
    /// configured key (an identifier that tells keys apart without holding the key).
    public let keyID: String

    /// Creates a fingerprinter for the state of `lineage`, under `override` when it is set and not empty.
    public init(lineage: String, override: String? = nil) {
        if let override, !override.isEmpty {
            key = Array(override.utf8)
            let id = Digest.hmacSHA256(key: key, message: Array("switchboard-fingerprint-key-id-v1".utf8))
            keyID = "key:" + Digest.hex(Array(id.prefix(8)))
        } else {
            key = Digest.sha256(Array("switchboard-fingerprint-v1:\(lineage)".utf8))
            keyID = StateSnapshot.lineageFingerprintKey
        }
    }

    /// `hmac-sha256:<hex>` of `value`.
    public func fingerprint(_ value: String) -> String {
        "hmac-sha256:" + Digest.hex(Digest.hmacSHA256(key: key, message: Array(value.utf8)))
    }

    /// True when `state`'s fingerprints were made with this key, so they compare with this key's.
    public func matches(_ state: StateSnapshot) -> Bool { state.recordedFingerprintKey == keyID }
}
