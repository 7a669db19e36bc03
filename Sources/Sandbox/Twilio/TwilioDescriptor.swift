import PlatformKit
import SwitchboardModel

extension PlatformDescriptor {
    /// Twilio: the accounts whose numbers, Messaging Services and Content templates other platforms' resources use.
    /// No resource lives on a Twilio connection itself, so it has no rules; no live adapter yet (the Twilio
    /// module brings one, and this descriptor moves there).
    public static let twilio = PlatformDescriptor(
        type: .twilio,
        connectionFields: [
            ConnectionField("accountSid", required: true),
            ConnectionField("authToken", secretOnly: true, required: true),
        ],
        rules: PlatformRules(), live: nil)
}
