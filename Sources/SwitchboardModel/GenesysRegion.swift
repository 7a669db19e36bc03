/// Genesys Cloud regions and the hostnames derived from them.
///
/// Each region (e.g. `us-east-1`) has a base domain (e.g. `mypurecloud.com`); service hosts are formed by prefixing
/// the domain with a service label such as `api.` or `login.`.
public enum GenesysRegion {
    /// Base domain for each Genesys Cloud region, keyed by region identifier.
    public static let domains: [String: String] = [
        "us-east-1": "mypurecloud.com",
        "us-east-2": "use2.us-gov-pure.cloud",
        "us-west-2": "usw2.pure.cloud",
        "ca-central-1": "cac1.pure.cloud",
        "sa-east-1": "sae1.pure.cloud",
        "mx-central-1": "mxc1.pure.cloud",
        "eu-west-1": "mypurecloud.ie",
        "eu-west-2": "euw2.pure.cloud",
        "eu-central-1": "mypurecloud.de",
        "eu-central-2": "euc2.pure.cloud",
        "me-central-1": "mec1.pure.cloud",
        "eusc-de-east-1": "edee1.eusc-pure.cloud",
        "ap-south-1": "aps1.pure.cloud",
        "ap-southeast-1": "apse1.pure.cloud",
        "ap-southeast-2": "mypurecloud.com.au",
        "ap-northeast-1": "mypurecloud.jp",
        "ap-northeast-2": "apne2.pure.cloud",
        "ap-northeast-3": "apne3.pure.cloud",
    ]

    /// All known region identifiers, sorted ascending.
    public static let allRegions: [String] = domains.keys.sorted()

    /// The Platform API base URL for a region, e.g. `https://api.mypurecloud.com`; `nil` for an unknown region.
    public static func apiBaseURL(region: String) -> String? {
        domains[region].map { "https://api.\($0)" }
    }

    /// The OAuth login base URL for a region, e.g. `https://login.mypurecloud.com`; `nil` for an unknown region.
    public static func loginBaseURL(region: String) -> String? {
        domains[region].map { "https://login.\($0)" }
    }

    /// The bring-your-own SMS (Twilio vendor) webhook base URL for a region,
    /// e.g. `https://byosms.mypurecloud.com/vendors/v1/twilio`; `nil` for an unknown region.
    public static func byoSMSWebhookBase(region: String) -> String? {
        domains[region].map { "https://byosms.\($0)/vendors/v1/twilio" }
    }
}
