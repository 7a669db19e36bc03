import Foundation
import SwitchboardCrypto
import SwitchboardModel

/// The checksum of a plan's changes: SHA-256 over their canonical JSON.
public enum PlanChecksum {
    /// Computes the checksum of `plan.changes` and its lineage and serial.
    public static func compute(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var h = SHA256Hasher()
        h.update("\(plan.lineage)\n\(plan.serial)\n")
        // The same bytes as encoding the whole array (`[a,b,...]`, no spaces), one change at a time, so a plan of
        // many thousand changes never holds its whole JSON tree in memory.
        h.update(Array("[".utf8))
        for (i, change) in plan.changes.enumerated() {
            guard let part = try? encoder.encode(change) else {
                // As before: a plan that cannot be encoded hashes an empty body.
                var empty = SHA256Hasher()
                empty.update("\(plan.lineage)\n\(plan.serial)\n")
                return "sha256:" + empty.finalizeHex()
            }
            if i > 0 { h.update(Array(",".utf8)) }
            h.update(Array(part))
        }
        h.update(Array("]".utf8))
        return "sha256:" + h.finalizeHex()
    }
}

/// Secret fingerprints: HMAC-SHA-256 under a key derived from the state lineage (or `SWITCHBOARD_FINGERPRINT_KEY`).
public struct Fingerprinter: Sendable {
    let key: [UInt8]

    /// Creates a fingerprinter for the state of `lineage`.
    public init(lineage: String, override: String? = nil) {
        if let override, !override.isEmpty {
            key = Array(override.utf8)
        } else {
            key = Digest.sha256(Array("switchboard-fingerprint-v1:\(lineage)".utf8))
        }
    }

    /// `hmac-sha256:<hex>` of `value`.
    public func fingerprint(_ value: String) -> String {
        "hmac-sha256:" + Digest.hex(Digest.hmacSHA256(key: key, message: Array(value.utf8)))
    }
}
