import Foundation
import SwitchboardModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Saved plan files: the plan as JSON (secret values are never part of it: only references and fingerprints).
public enum SavedPlan {
    /// Writes `plan` to `path` atomically, readable by the owner only. The manifest directory is recorded as an
    /// absolute path, so `apply PLAN` finds the same state and platforms from any working directory.
    /// - Throws: `SavedPlanError.cannotWrite`, or an encoding error.
    public static func write(_ plan: Plan, to path: String) throws {
        var plan = plan
        if !plan.directory.hasPrefix("/") {
            let cwd = FileManager.default.currentDirectoryPath
            plan.directory = URL(fileURLWithPath: plan.directory, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true))
                .standardizedFileURL.path
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(plan)
        let tmp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard writeOwnerOnly(data, to: tmp), rename(tmp, path) == 0 else {
            unlink(tmp)
            throw SavedPlanError.cannotWrite(path)
        }
    }

    /// Reads a saved plan and checks its checksum.
    /// - Throws: `SavedPlanError` when the file cannot be read, is not a plan, or was modified.
    public static func read(_ path: String) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else { throw SavedPlanError.cannotRead(path) }
        let plan: Plan
        do { plan = try JSONDecoder().decode(Plan.self, from: data) } catch {
            throw SavedPlanError.notAPlan(path)
        }
        guard PlanChecksum.compute(plan) == plan.checksum else {
            throw SavedPlanError.checksumMismatch(path)
        }
        return plan
    }
}

/// Why a saved plan could not be written or read.
public enum SavedPlanError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotWrite(String)
    case cannotRead(String)
    case notAPlan(String)
    case checksumMismatch(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write the plan to '\(path)'"
        case .cannotRead(let path): "cannot read the plan '\(path)'"
        case .notAPlan(let path): "'\(path)' is not a Switchboard plan file"
        case .checksumMismatch(let path):
            "the plan '\(path)' was modified after it was made (checksum mismatch); plan again"
        }
    }
}

/// Writes `data` to the new file `path`, created mode 0600 (set exactly, whatever the umask: it is never
/// readable by others, not even for a moment), and fsyncs it. False on any failure.
private func writeOwnerOnly(_ data: Data, to path: String) -> Bool {
    let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    guard fchmod(fd, 0o600) == 0 else { return false }
    let written = data.withUnsafeBytes { raw -> Bool in
        guard var base = raw.baseAddress else { return true }
        var left = raw.count
        while left > 0 {
            let n = write(fd, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            base += n
            left -= n
        }
        return true
    }
    return written && fsync(fd) == 0
}
