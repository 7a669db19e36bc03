import Reconciler

extension Acceptance {
    /// The `--accept-*` flags these acceptances stand for, as history records them.
    public var flags: [String] {
        (billing ? ["--accept-billing"] : []) + (irreversible ? ["--accept-irreversible"] : [])
            + (destructive ? ["--accept-destructive"] : [])
    }
}
