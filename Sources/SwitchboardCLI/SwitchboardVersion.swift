/// The version of Switchboard and the platform it was built for.
public enum SwitchboardVersion {
    /// The release version; bump it here and nowhere else.
    public static let current = "0.1.0"

    /// The Swift language version the binary was compiled with (`6.3`).
    public static var swift: String {
        #if compiler(>=6.5)
            "6.5+"
        #elseif compiler(>=6.4)
            "6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #elseif compiler(>=6.1)
            "6.1"
        #else
            "6.0"
        #endif
    }

    /// The operating system and architecture (`linux x86_64`).
    public static var platform: String {
        #if os(Linux)
            let os = "linux"
        #elseif os(macOS)
            let os = "macos"
        #elseif os(Windows)
            let os = "windows"
        #else
            let os = "unknown-os"
        #endif
        #if arch(x86_64)
            let arch = "x86_64"
        #elseif arch(arm64)
            let arch = "arm64"
        #else
            let arch = "unknown-arch"
        #endif
        return "\(os) \(arch)"
    }

    /// The two lines `switchboard version` prints.
    public static var text: String {
        "switchboard \(current)\nswift \(swift), \(platform)\n"
    }
}
