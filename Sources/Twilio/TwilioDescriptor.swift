import PlatformKit
import SwitchboardModel

extension PlatformDescriptor {
    /// Twilio: the accounts whose numbers other platforms' resources use. No resource lives on a Twilio connection
    /// itself (no rules of its own); Genesys Cloud's BYO SMS numbers name it as their companion (`CompanionRule`).
    public static let twilio = PlatformDescriptor(
        profile: PlatformProfile(
            type: .twilio, displayName: "Twilio", defaultConnectionName: "twilio",
            connectionFields: [
                ConnectionField("accountSid", required: true),
                // authToken, or apiKey with apiSecret: the platform checks which pair is there.
                ConnectionField("authToken", secretOnly: true),
                ConnectionField("apiKey"),
                ConnectionField("apiSecret", secretOnly: true),
            ],
            namedEndpoints: ["live"], holds: []),
        rules: PlatformRules(),
        live: { connection, credentials, context in
            var options = TwilioClientOptions()
            if let pacing = context.inProcess { options.sleep = pacing.sleep }
            return try TwilioPlatform(
                connection: connection, secrets: credentials, transport: context.transport, options: options)
        })
}
