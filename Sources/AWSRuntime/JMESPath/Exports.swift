// `JMESPathError` is part of `JMESPathExpression`'s API: users of the runtime see it without a second import.
@_exported import struct AWSJMESPath.JMESPathError
