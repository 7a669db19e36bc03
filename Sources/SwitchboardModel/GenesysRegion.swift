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

    /// The fixed inbound webhook of bring-your-own SMS (Twilio) that Genesys Cloud publishes for each region: every
    /// Twilio number imported into an organization of that region must send its SMS there (one URL per region, the
    /// same for every integration and organization). Regions absent here have no published webhook.
    public static let byoSMSWebhooks: [String: String] = [
        "us-east-1": "https://byosms.mypurecloud.com/vendors/v1/twilio/a906d2848ad146028e8805a8bbaa24d3/mo",
        "us-east-2": "https://byosms.use2.us-gov-pure.cloud/vendors/v1/twilio/60b5013a2511482999b30b6db5ec67d8/mo",
        "us-west-2": "https://byosms.usw2.pure.cloud/vendors/v1/twilio/b1adfe3a944c428bbc65d953bb8629b2/mo",
        "ca-central-1": "https://byosms.cac1.pure.cloud/vendors/v1/twilio/1190471d172842c283dc5376a92df73d/mo",
        "sa-east-1": "https://byosms.sae1.pure.cloud/vendors/v1/twilio/44e8a8cd75f849b18ab6fc8bbad9a057/mo",
        "eu-central-1": "https://byosms.mypurecloud.de/vendors/v1/twilio/3d904439dc3f4eceb2e574b43c8f5ac5/mo",
        "eu-west-1": "https://byosms.mypurecloud.ie/vendors/v1/twilio/a123cbc6467b48ccbdccc3e03fd30f4d/mo",
        "eu-west-2": "https://byosms.euw2.pure.cloud/vendors/v1/twilio/f5c59e8b3a1345739ebd4564a340e526/mo",
        "eu-central-2": "https://byosms.euc2.pure.cloud/vendors/v1/twilio/FhcOBGsMEALrQfWsxH1LQy39tzI3F3qk/mo",
        "me-central-1": "https://byosms.mec1.pure.cloud/vendors/v1/twilio/N1aXOj92NXNBA21KqdkZfA3kFjdmAM2B/mo",
        "ap-northeast-3": "https://byosms.apne3.pure.cloud/vendors/v1/twilio/yXaIsznST36qG0qy7UAP4mWlsHDHh0E0/mo",
        "ap-northeast-2": "https://byosms.apne2.pure.cloud/vendors/v1/twilio/2e58f741f7a547b49c15c64dfb305361/mo",
        "ap-southeast-2": "https://byosms.mypurecloud.com.au/vendors/v1/twilio/97b4889e04514098a34715f0c216bf7b/mo",
        "ap-northeast-1": "https://byosms.mypurecloud.jp/vendors/v1/twilio/b7c9a0818bc343379513f713247b56ce/mo",
        "ap-south-1": "https://byosms.aps1.pure.cloud/vendors/v1/twilio/b462e102a5414620bc6f002bc561595d/mo",
    ]

    /// The published BYO SMS (Twilio) inbound webhook of a region (`byoSMSWebhooks`); `nil` where none is published.
    public static func byoSMSWebhookURL(region: String) -> String? { byoSMSWebhooks[region] }
}
