/// Where each line of a file starts and where its characters fall, found in one pass over the file, so quoting a
/// line or placing a column never rescans the file (DESIGN.md section 3: work stays linear in the input).
///
/// Lines end at a line feed; columns count Unicode scalars from 1, as libyaml's marks do. Offsets are kept as
/// `Int32` (a manifest file is at most 16 MiB): four bytes a line, plus four bytes for every 64 characters.
struct LineIndex: Sendable {
    /// Byte offset of the start of each line; the first is 0.
    private let lineStarts: [Int32]
    /// Byte offset of every `stride`th Unicode scalar of the file (the first byte of its UTF-8 sequence).
    private let marks: [Int32]
    /// The file's size in bytes.
    private let size: Int
    private static let stride = 64

    /// Indexes `bytes` (the whole file).
    init(_ bytes: [UInt8]) {
        var starts: [Int32] = [0]
        var marks: [Int32] = []
        marks.reserveCapacity(bytes.count / Self.stride + 1)
        var scalars = 0
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count {
                let byte = buffer[i]
                if byte & 0xC0 != 0x80 {
                    if scalars % Self.stride == 0 { marks.append(Int32(truncatingIfNeeded: i)) }
                    scalars += 1
                }
                if byte == 0x0A { starts.append(Int32(truncatingIfNeeded: i + 1)) }
            }
        }
        lineStarts = starts
        self.marks = marks
        size = bytes.count
    }

    /// The bytes of 1-based `line`, without its line feed; nil past the last line.
    func range(ofLine line: Int) -> Range<Int>? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = Int(lineStarts[line - 1])
        let end = line < lineStarts.count ? Int(lineStarts[line]) - 1 : size
        return start..<end
    }

    /// At most `width` characters of 1-based `line` of `bytes`: the whole line when it is that short, else a window
    /// holding 1-based `column` (the line's start while the column is among its first `width / 2` characters).
    /// - Returns: the text and the column within it; nil past the last line.
    func excerpt(of bytes: [UInt8], line: Int, column: Int, width: Int) -> (text: String, column: Int)? {
        guard let range = range(ofLine: line) else { return nil }
        // Short in bytes is short in characters.
        if range.count <= width { return (String(decoding: bytes[range], as: UTF8.self), column) }
        let first = scalarIndex(atByte: range.lowerBound, in: bytes)
        let length = scalarIndex(atByte: range.upperBound, in: bytes) - first
        if length <= width { return (String(decoding: bytes[range], as: UTF8.self), column) }
        let skip = max(0, min(column - 1 - width / 2, length - width))
        let start = byteOffset(ofScalar: first + skip, in: bytes)
        let end = byteOffset(ofScalar: first + skip + width, in: bytes)
        return (String(decoding: bytes[start..<min(end, range.upperBound)], as: UTF8.self), column - skip)
    }

    /// The byte offset of 1-based `column` of 1-based `line`: the end of the line when the line is shorter.
    func byteOffset(line: Int, column: Int, in bytes: [UInt8]) -> Int? {
        guard let range = range(ofLine: line) else { return nil }
        guard column > 1 else { return range.lowerBound }
        let offset = byteOffset(ofScalar: scalarIndex(atByte: range.lowerBound, in: bytes) + column - 1, in: bytes)
        return min(offset, range.upperBound)
    }

    /// How many Unicode scalars start before byte `offset`: the nearest mark at or before it, then at most one
    /// stride of bytes counted.
    private func scalarIndex(atByte offset: Int, in bytes: [UInt8]) -> Int {
        var low = 0
        var high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if Int(marks[middle]) < offset { low = middle + 1 } else { high = middle }
        }
        // marks[low] is the first mark at or after `offset`.
        if low < marks.count, Int(marks[low]) == offset { return low * Self.stride }
        guard low > 0 else { return 0 }
        var count = (low - 1) * Self.stride
        var i = Int(marks[low - 1])
        while i < offset {
            count += 1
            i += 1
            while i < offset, bytes[i] & 0xC0 == 0x80 { i += 1 }
        }
        return count
    }

    /// The byte offset where scalar number `index` (0-based) starts; the file's size past the last one.
    private func byteOffset(ofScalar index: Int, in bytes: [UInt8]) -> Int {
        let mark = index / Self.stride
        guard mark < marks.count else { return size }
        var i = Int(marks[mark])
        var remaining = index - mark * Self.stride
        while remaining > 0, i < bytes.count {
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            remaining -= 1
        }
        return i
    }
}
