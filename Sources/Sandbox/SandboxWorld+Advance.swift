import Foundation
import SwitchboardModel

extension SandboxWorld {
    /// Moves every time-derived state to `now`: provisioning jobs finish, WhatsApp `createStatus` completes,
    /// activations become `Active` (charged from then), codes past 10 minutes need resending, stuck activations fail
    /// after 15 minutes, integrations never activated are removed 30 days after creation, deletions complete, Twilio
    /// senders come online and WhatsApp approvals are decided.
    /// Idempotent: advancing twice to the same instant changes nothing the second time.
    public mutating func advance(to now: Date) {
        for org in genesys.keys.sorted() { advanceGenesys(org, to: now) }
        advanceTwilio(to: now)
    }
}
