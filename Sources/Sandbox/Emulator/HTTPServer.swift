import Foundation
import SwitchboardModel
import PlatformKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request as the loopback server parsed it.
public struct HTTPServerRequest: Sendable {
    public var method: String
    /// The path without the query, percent-decoded.
    public var path: String
    /// Query parameters (the last value wins for repeated names).
    public var query: [String: String]
    /// Header fields with lowercased names.
    public var headers: [String: String]
    public var body: Data

    /// Creates a request.
    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// A minimal HTTP/1.1 server on POSIX sockets, bound to 127.0.0.1: Content-Length bodies, keep-alive,
/// one task per connection, non-blocking sockets so no thread of the cooperative pool is ever parked.
public actor HTTPServer {
    /// The bound port (the kernel's choice when 0 was asked for).
    public nonisolated let port: UInt16
    private let listener: Int32
    private var acceptTask: Task<Void, Never>?
    private var connections: [Int: Task<Void, Never>] = [:]
    private var nextConnection = 0
    private var stopped = false

    /// Binds 127.0.0.1:`port` (0 picks a free port) and starts accepting connections.
    /// - Throws: `HTTPServerError` when the socket cannot be bound.
    public static func start(
        port: UInt16 = 0, handler: @escaping @Sendable (HTTPServerRequest) async -> HTTPResponse
    ) async throws -> HTTPServer {
        let (fd, bound) = try listen(port: port)
        let server = HTTPServer(listener: fd, port: bound)
        await server.begin(handler: handler)
        return server
    }

    private init(listener: Int32, port: UInt16) {
        self.listener = listener
        self.port = port
    }

    private func begin(handler: @escaping @Sendable (HTTPServerRequest) async -> HTTPResponse) {
        acceptTask = Task { await self.acceptLoop(handler: handler) }
    }

    /// Stops accepting, closes every connection and the listening socket.
    public func stop() async {
        guard !stopped else { return }
        stopped = true
        acceptTask?.cancel()
        for task in connections.values { task.cancel() }
        _ = await acceptTask?.value
        for task in connections.values { _ = await task.value }
        connections = [:]
        close(listener)
    }

    private func acceptLoop(handler: @escaping @Sendable (HTTPServerRequest) async -> HTTPResponse) async {
        while !stopped && !Task.isCancelled {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                try? await Task.sleep(nanoseconds: 3_000_000)
                continue
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            nextConnection += 1
            let id = nextConnection
            connections[id] = Task {
                await Connection(fd: fd).serve(handler: handler)
                self.finished(id)
            }
        }
    }

    private func finished(_ id: Int) { connections[id] = nil }

    private static func listen(port: UInt16) throws -> (Int32, UInt16) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPServerError.socket(errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc_listen(fd, 128) == 0 else {
            let e = errno
            close(fd)
            throw HTTPServerError.bind(port: port, errno: e)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: actual.sin_port))
    }
}

private func Glibc_listen(_ fd: Int32, _ backlog: Int32) -> Int32 { listen(fd, backlog) }

/// Why the server could not start.
public enum HTTPServerError: Error, Sendable, CustomStringConvertible {
    case socket(Int32)
    case bind(port: UInt16, errno: Int32)

    public var description: String {
        switch self {
        case .socket(let e): "cannot create a socket (errno \(e))"
        case .bind(let port, let e): "cannot listen on 127.0.0.1:\(port) (errno \(e)); is the port in use?"
        }
    }
}

/// One client connection: reads requests, answers them in order, closes on `Connection: close`, error or idle.
private struct Connection {
    let fd: Int32
    static let idleTimeout: Double = 30
    static let maxRequest = 16 << 20

    func serve(handler: @Sendable (HTTPServerRequest) async -> HTTPResponse) async {
        defer { close(fd) }
        var buffer = Data()
        while !Task.isCancelled {
            guard let (request, keepAlive) = await readRequest(&buffer) else { return }
            let response = await handler(request)
            guard await write(Self.serialize(response, keepAlive: keepAlive)), keepAlive else { return }
        }
    }

    private func readRequest(_ buffer: inout Data) async -> (HTTPServerRequest, Bool)? {
        var idle = 0.0
        var sentContinue = false
        while !Task.isCancelled {
            if let end = buffer.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let start = lines.removeFirst().split(separator: " ")
                guard start.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                guard length >= 0, length <= Self.maxRequest else { return nil }
                let bodyStart = end.upperBound
                if buffer.distance(from: bodyStart, to: buffer.endIndex) >= length {
                    let body = Data(buffer[bodyStart..<buffer.index(bodyStart, offsetBy: length)])
                    buffer = Data(buffer[buffer.index(bodyStart, offsetBy: length)...])
                    let target = String(start[1])
                    let components = URLComponents(string: target)
                    var query: [String: String] = [:]
                    for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
                    let path = components?.percentEncodedPath.removingPercentEncoding ?? target
                    let version = start.count > 2 ? String(start[2]) : "HTTP/1.1"
                    let connection = headers["connection"]?.lowercased()
                    let keepAlive = version == "HTTP/1.0" ? connection == "keep-alive" : connection != "close"
                    return (HTTPServerRequest(method: String(start[0]), path: path, query: query, headers: headers, body: body), keepAlive)
                }
                if !sentContinue, headers["expect"]?.lowercased() == "100-continue" {
                    sentContinue = true
                    guard await write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
                }
            } else if buffer.count > 64 << 10 {
                return nil
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                idle = 0
            } else if n == 0 {
                return nil
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                let pause = idle < 0.05 ? 0.001 : 0.01
                idle += pause
                if idle > Self.idleTimeout { return nil }
                try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
            } else {
                return nil
            }
        }
        return nil
    }

    private func write(_ data: Data) async -> Bool {
        var offset = 0
        let bytes = [UInt8](data)
        var waited = 0.0
        while offset < bytes.count {
            #if canImport(Glibc)
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #else
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            #endif
            if n > 0 {
                offset += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                waited += 0.002
                if waited > Self.idleTimeout || Task.isCancelled { return false }
                try? await Task.sleep(nanoseconds: 2_000_000)
            } else {
                return false
            }
        }
        return true
    }

    static func serialize(_ response: HTTPResponse, keepAlive: Bool) -> Data {
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for (k, v) in response.headers.sorted(by: { $0.key < $1.key })
        where k.lowercased() != "content-length" && k.lowercased() != "connection" {
            head += "\(k): \(v)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n"
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Data(head.utf8) + response.body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
