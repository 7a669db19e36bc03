import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX calls listing and reading a manifest set needs, each answering with the reason it failed.
///
/// Nothing here follows a link by accident: an entry's kind comes from `lstat`, and a file is opened with
/// `O_NOFOLLOW` (its path is already resolved) and `O_NONBLOCK` (a named pipe cannot stall the read).
enum FileSystem {
    /// What a path is, without following a link.
    enum Kind: Equatable, Sendable {
        case folder, file, link
        /// Anything else, described for a message (`a named pipe`).
        case other(String)
    }

    /// Why a call failed.
    enum Failure: Error, Equatable, Sendable {
        /// Nothing at the path (`ENOENT`, `ENOTDIR`).
        case missing
        /// Too many links (`ELOOP`).
        case loop
        /// A file larger than the limit; its size in bytes.
        case tooLarge(Int)
        /// Not a regular file once opened; what it is.
        case notRegular(String)
        /// Any other `errno`.
        case system(Int32)

        init(errno code: Int32) {
            switch code {
            case ENOENT, ENOTDIR: self = .missing
            case ELOOP: self = .loop
            default: self = .system(code)
            }
        }

        /// The reason in words, lowercase (`permission denied`).
        var reason: String {
            switch self {
            case .missing: "it does not exist"
            case .loop: "it is a symbolic link that loops"
            case .tooLarge(let size): "it is \(size) bytes"
            case .notRegular(let what): "it is \(what), not a regular file"
            case .system(let code):
                String(cString: strerror(code)).prefix(1).lowercased() + String(cString: strerror(code)).dropFirst()
            }
        }
    }

    /// The kind of `path` itself (`lstat`).
    static func kind(_ path: String) -> Result<Kind, Failure> {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .failure(Failure(errno: errno)) }
        return .success(kind(mode: info.st_mode))
    }

    private static func kind(mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFDIR: .folder
        case S_IFREG: .file
        case S_IFLNK: .link
        case S_IFIFO: .other("a named pipe")
        case S_IFSOCK: .other("a socket")
        case S_IFCHR, S_IFBLK: .other("a device")
        default: .other("not a file")
        }
    }

    /// The canonical absolute path of `path`, every link resolved (`realpath`).
    static func realPath(_ path: String) -> Result<String, Failure> {
        guard let resolved = realpath(path, nil) else { return .failure(Failure(errno: errno)) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }

    /// The text of the link at `path` (`readlink`), not resolved.
    static func linkText(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Where the link at `link` (an absolute path) whose text is `text` points, worked out from the text alone
    /// (`.` and `..` removed): for a link whose target does not exist.
    static func lexicalTarget(_ text: String, of link: String) -> String {
        let base =
            text.hasPrefix("/") ? text : link.split(separator: "/").dropLast().joined(separator: "/") + "/" + text
        var parts: [Substring] = []
        for part in base.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The names in the folder at `path`, `.` and `..` left out.
    static func names(in path: String) -> Result<[String], Failure> {
        guard let folder = opendir(path) else { return .failure(Failure(errno: errno)) }
        defer { closedir(folder) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else { break }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        guard errno == 0 else { return .failure(Failure(errno: errno)) }
        return .success(names)
    }

    /// The contents of the regular file at `path`, refused without reading when its size is over `limit` bytes
    /// (and reading stops past the limit, should the file grow meanwhile).
    static func readRegularFile(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return .failure(Failure(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Failure(errno: errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            if case .other(let what) = kind(mode: info.st_mode) { return .failure(.notRegular(what)) }
            return .failure(.notRegular("a folder"))
        }
        let size = Int(info.st_size)
        guard size <= limit else { return .failure(.tooLarge(size)) }
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= limit else { return .failure(.tooLarge(count)) }
                bytes += [UInt8](repeating: 0, count: min(max(count, 4096), limit + 1 - count))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { read(fd, $0 + count, buffer.count - count) } ?? 0
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Failure(errno: errno))
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }
}
