import CYaml
import Foundation

/// libyaml's event parser with nothing built on top: the floor the loader's cost is measured against
/// (`switchboard-bench`, docs/performance.md).
public enum YAMLScan {
    /// Parses `data` as a YAML stream, deleting every event as soon as it is read and keeping nothing.
    /// - Returns: the number of events up to the end of the stream or the first parse error, so the work cannot be
    ///   optimised away.
    public static func countEvents(in data: Data) -> Int {
        var events = 0
        let bytes = [UInt8](data)
        bytes.withUnsafeBufferPointer { buf in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let type = event.type
                yaml_event_delete(&event)
                events += 1
                if type == YAML_STREAM_END_EVENT { break }
            }
        }
        return events
    }
}
