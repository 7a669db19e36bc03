import SwitchboardModel

/// Keeps state's secret fingerprints under the key in use and free of secrets that are not fingerprinted
/// (DESIGN.md section 4): when the key changed, the plan treated every secret as unchanged, and the next apply makes
/// the fingerprints again under the new key from the secrets' current values; a fingerprint of a one-time onboarding
/// secret (written by an earlier version) is dropped.
public enum FingerprintUpkeep {
    /// Why a fingerprint could not be made again.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var address: Address
        public var path: String
        public var reason: String

        public var description: String {
            "cannot record the secret '\(path)' of \(address) under the current fingerprint key: \(reason)"
        }
    }

    /// `state` with its fingerprints kept up (the key `fingerprinter` uses recorded), and whether anything a reader
    /// would see changed: a fingerprint made again or dropped, or the key of a state that holds fingerprints. Only
    /// resources the plan has a desired resource for are touched (one being deleted keeps what it has).
    /// - Throws: `Failure` when a secret's value cannot be read to make its fingerprint again.
    public static func apply(
        to state: StateSnapshot, plan: Plan, fingerprinter: Fingerprinter,
        secretValue: (SecretRef) throws -> String
    ) throws(Failure) -> (state: StateSnapshot, changed: Bool) {
        let sameKey = fingerprinter.matches(state)
        var s = state
        s.fingerprintKey = fingerprinter.keyID
        var changed = false
        var holdsFingerprints = false
        for change in plan.changes {
            guard let desired = change.desired, let prior = s[change.address] else { continue }
            if !prior.fingerprints.isEmpty { holdsFingerprints = true }
            let secrets = desired.fingerprintedSecretFields
            var kept: [String: String] = [:]
            if sameKey {
                kept = prior.fingerprints.filter { secrets[$0.key] != nil }
            } else {
                for (path, ref) in secrets {
                    do { kept[path] = fingerprinter.fingerprint(try secretValue(ref)) } catch {
                        throw Failure(address: change.address, path: path, reason: "\(error)")
                    }
                }
            }
            if kept != prior.fingerprints {
                s[change.address]?.fingerprints = kept
                changed = true
            }
        }
        if !sameKey && holdsFingerprints { changed = true }
        return (s, changed)
    }
}
