import CLibFuzzer
import Foundation

// libFuzzer's driver takes the command line (corpus folders, -max_total_time=..., -dict=...) and calls the target
// once per input until the time is up or an input crashes. SwiftPM gives every executable a main of its own, so this
// one hands over to the driver that libFuzzer's main would have run; the target is also exported under its
// conventional name, LLVMFuzzerTestOneInput, which libFuzzer's (unused) main refers to.
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv) { data, size in ManifestFuzzTarget.run(data, size) })
