import Foundation
import PlatformKit
import Testing

@Suite struct FormEncodingTests {
    @Test func escapesAllButUnreservedCharactersInOrder() {
        #expect(
            FormEncoding.encode([
                ("PhoneNumber", "+1 415 555 0100"), ("SmsUrl", "https://x.example/a?b=c&d"), ("Ü", "*-._~"),
            ])
                == "PhoneNumber=%2B1+415+555+0100&SmsUrl=https%3A%2F%2Fx.example%2Fa%3Fb%3Dc%26d&%C3%9C=*-._%7E")
        #expect(FormEncoding.encode([]) == "")
    }
}
