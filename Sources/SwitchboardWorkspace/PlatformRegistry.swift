import Dynamics365
import GenesysCloud
import Twilio
import PlatformKit
import Sandbox
import SwitchboardModel

/// Every platform Switchboard knows, by its descriptor: the one list a new platform is added to (one module, one
/// line here).
public enum PlatformRegistry {
    /// The descriptors, one per platform type.
    public static let descriptors: [PlatformDescriptor] = [
        .genesysCloud,
        .dynamics365,
        .twilio,
    ]

    /// The descriptor of `type`.
    public static func descriptor(_ type: PlatformType) -> PlatformDescriptor? {
        descriptors.first { $0.type == type }
    }

    /// What manifest loading must know of every platform: type names, connection fields, regions, holdings.
    public static let catalog = PlatformCatalog(descriptors.map(\.profile))

    /// The planner's and policy's rules of every platform type.
    public static let rules: [PlatformType: PlatformRules] = Dictionary(
        descriptors.map { ($0.type, $0.rules) }, uniquingKeysWith: { first, _ in first })
}
