import SwitchboardModel

/// Findings specific to Genesys Cloud that the planner's policy adds to a change.
public enum GenesysCloudPolicy {
    /// `billing.whatsapp-certificate`: creating a WhatsApp integration through the deprecated certificate flow may
    /// bill at once when the number or certificate is invalid (the platform's own warning).
    public static func findings(for resource: Resource, action: Action) -> [Finding] {
        guard action == .create || action == .replace,
            case .integration(.whatsapp(let w)) = resource.spec, case .certificate = w.onboarding
        else { return [] }
        return [
            Finding(
                code: "billing.whatsapp-certificate", severity: .billing,
                message: "'\(resource.name)' is created with the deprecated certificate flow: Genesys Cloud warns that "
                    + "integrations created with an invalid number or certificate may immediately incur additional "
                    + "integration fees.",
                address: resource.address)
        ]
    }
}
