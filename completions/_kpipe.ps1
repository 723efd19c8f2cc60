
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kpipe' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kpipe'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kpipe' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print the version (with -v: librdkafka''s version and features too)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print the version (with -v: librdkafka''s version and features too)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Produce records from stdin or files')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Read records to stdout: exact offsets, exact commits, any shape')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'List, describe, reset, commit and delete consumer groups')
            [CompletionResult]::new('lag', 'lag', [CompletionResultType]::ParameterValue, 'Consumer lag in records and in time; CI gates; watch mode')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List, describe, create, delete and configure topics')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Show the cluster id, controller, brokers and partition health')
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'Start an embedded Kafka-protocol broker (no Kafka needed)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration, list profiles, check the connection')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show kpipe''s and librdkafka''s versions and the enabled features')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;produce' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Topic to produce to (with --input json, records may name their own)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic to produce to (with --input json, records may name their own)')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Input format: lines, json (one envelope per line), raw (each input is one record), or format:SPEC (rpk-style, e.g. ''format:%k\t%v\n'' or ''format:%K{big32}%k%V{big32}%v'')')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Record delimiter for lines and json input (escapes: \n \r \t \0 \\ \xNN)')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'Record delimiter for lines and json input (escapes: \n \r \t \0 \\ \xNN)')
            [CompletionResult]::new('-K', '-K ', [CompletionResultType]::ParameterName, 'Split each line into key and value at the first DELIM (lines without it have no key)')
            [CompletionResult]::new('--key-delimiter', '--key-delimiter', [CompletionResultType]::ParameterName, 'Split each line into key and value at the first DELIM (lines without it have no key)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Key for every record (a key from -K or the envelope wins in lines input)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Key for every record (a key from -K or the envelope wins in lines input)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Header for every record (repeatable); `NAME` alone gives a null value')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Header for every record (repeatable); `NAME` alone gives a null value')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Partition for every record [default: by key (murmur2), random without a key]')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Partition for every record [default: by key (murmur2), random without a key]')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Record timestamp: milliseconds, RFC 3339, or `now` (also overrides envelope timestamps)')
            [CompletionResult]::new('--null-value', '--null-value', [CompletionResultType]::ParameterName, 'A key or value equal to this text is sent as null (a null value is a tombstone)')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'How keys are given in the input')
            [CompletionResult]::new('--value-format', '--value-format', [CompletionResultType]::ParameterName, 'How values are given in the input')
            [CompletionResult]::new('--acks', '--acks', [CompletionResultType]::ParameterName, 'Acknowledgements to wait for (acks) [default: all]')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Compression codec (compression.codec) [default: none]')
            [CompletionResult]::new('--compression', '--compression', [CompletionResultType]::ParameterName, 'Compression codec (compression.codec) [default: none]')
            [CompletionResult]::new('--linger', '--linger', [CompletionResultType]::ParameterName, 'How long to wait to fill a batch (linger.ms), e.g. 5ms, 100ms [default: 5ms]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Maximum batch size in bytes (batch.size) [default: 1000000]')
            [CompletionResult]::new('--delivery-timeout', '--delivery-timeout', [CompletionResultType]::ParameterName, 'Give up on a record after this long (message.timeout.ms) [default: 5m]')
            [CompletionResult]::new('--max-message-bytes', '--max-message-bytes', [CompletionResultType]::ParameterName, 'Largest record accepted, in bytes (message.max.bytes) [default: 1000000]')
            [CompletionResult]::new('--partitioner', '--partitioner', [CompletionResultType]::ParameterName, 'How keys map to partitions (partitioner) [default: murmur2_random, as Java clients]')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'Produce in a transaction (transactional.id): all or nothing becomes visible')
            [CompletionResult]::new('--transaction-size', '--transaction-size', [CompletionResultType]::ParameterName, 'Commit every N records instead of once at the end')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Send at most N records per second, evenly spaced')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Stop after N records')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after N records')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Print one JSON line per record on stdout: where it landed, or why it failed')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('-Z', '-Z ', [CompletionResultType]::ParameterName, 'Send empty values (and empty keys) as null: an empty value becomes a tombstone')
            [CompletionResult]::new('--tombstone', '--tombstone', [CompletionResultType]::ParameterName, 'Send empty values (and empty keys) as null: an empty value becomes a tombstone')
            [CompletionResult]::new('--skip-empty', '--skip-empty', [CompletionResultType]::ParameterName, 'Skip empty lines instead of sending empty records')
            [CompletionResult]::new('--no-idempotence', '--no-idempotence', [CompletionResultType]::ParameterName, 'Turn off idempotence (on by default with --acks all)')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Read the input again and again (until --count, or Ctrl-C)')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first record that is not delivered')
            [CompletionResult]::new('--skip-bad-input', '--skip-bad-input', [CompletionResultType]::ParameterName, 'Report records that cannot be read or encoded, and go on with the rest')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kpipe;consume' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Topic to read (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic to read (repeatable)')
            [CompletionResult]::new('--topic-regex', '--topic-regex', [CompletionResultType]::ParameterName, 'Read every topic whose whole name matches this regex (matched at start)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Partitions to read, e.g. 0,2,5-7 [default: all]')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Partitions to read, e.g. 0,2,5-7 [default: all]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to start and stop, e.g. start, end, -100, @-1h, 1000:2000, 0=5 (see below)')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Where to start and stop, e.g. start, end, -100, @-1h, 1000:2000, 0=5 (see below)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Stop after writing N records (after --filter)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after writing N records (after --filter)')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Stop when no record arrives for this long (e.g. 5s)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Stop at the first record at or after TIME in each partition (same forms as @TIME)')
            [CompletionResult]::new('--isolation', '--isolation', [CompletionResultType]::ParameterName, 'Transaction isolation. read_committed (librdkafka''s default) never shows aborted records and ends -e at the last stable offset')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Join this consumer group (cooperative-sticky) and commit per --commit')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Join this consumer group (cooperative-sticky) and commit per --commit')
            [CompletionResult]::new('--group-protocol', '--group-protocol', [CompletionResultType]::ParameterName, 'Group protocol: classic, or consumer (KIP-848, Kafka 4.0+ brokers)')
            [CompletionResult]::new('--commit', '--commit', [CompletionResultType]::ParameterName, 'When to commit (needs -g) [default with -g: after]')
            [CompletionResult]::new('--key-format', '--key-format', [CompletionResultType]::ParameterName, 'How to decode keys')
            [CompletionResult]::new('--value-format', '--value-format', [CompletionResultType]::ParameterName, 'How to decode values')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output shape: the value and a delimiter, or the lossless JSON envelope')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Format string with kcat/rpk tokens, e.g. ''%t[%p]@%o %k=%s\n'' (see below)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format string with kcat/rpk tokens, e.g. ''%t[%p]@%o %k=%s\n'' (see below)')
            [CompletionResult]::new('-D', '-D ', [CompletionResultType]::ParameterName, 'Record delimiter for --output value (escapes allowed: \n, \0, \x1e)')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'Record delimiter for --output value (escapes allowed: \n, \0, \x1e)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep only matching records (repeatable; all must match), e.g. key=k1, value~err')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'CI check: succeed once N matching records arrived, fail (exit 6) at --deadline')
            [CompletionResult]::new('--wait-for', '--wait-for', [CompletionResultType]::ParameterName, 'CI check: print the first record matching EXPR and succeed; fail (exit 6) at --deadline')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'Time limit for --expect/--wait-for [default: 30s]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Stop at the end offsets of when the command started')
            [CompletionResult]::new('--exit', '--exit', [CompletionResultType]::ParameterName, 'Stop at the end offsets of when the command started')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Pretty-print decoded JSON values (value output and -f)')
            [CompletionResult]::new('--line-buffered', '--line-buffered', [CompletionResultType]::ParameterName, 'Flush stdout after every record (automatic when stdout is a terminal)')
            [CompletionResult]::new('--skip-errors', '--skip-errors', [CompletionResultType]::ParameterName, 'Report records that fail to decode and go on (default: stop with exit code 4)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kpipe;groups' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List consumer groups with state, type, assignor, members and total lag')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a group''s members and, per partition, committed offset, log start, log end, lag and owner')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s committed offsets (dry run unless --execute)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete consumer groups (they must have no active members)')
            [CompletionResult]::new('delete-offsets', 'delete-offsets', [CompletionResultType]::ParameterValue, 'Delete a group''s committed offsets for some topics or partitions')
            [CompletionResult]::new('commit', 'commit', [CompletionResultType]::ParameterValue, 'Commit one offset for one partition of a group (surgical fixes)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;groups;list' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only groups in these states (comma-separated): stable, empty, dead, preparingrebalance, completingrebalance')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only groups whose id matches this regular expression')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only groups with committed offsets on (or assignments in) this topic (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only groups with committed offsets on (or assignments in) this topic (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-lag', '--no-lag', [CompletionResultType]::ParameterName, 'Skip reading offsets (faster; no LAG column)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kpipe;groups;describe' {
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Groups whose id matches this regular expression')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only these topics (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only these topics (repeatable)')
            [CompletionResult]::new('--isolation', '--isolation', [CompletionResultType]::ParameterName, 'Log end to measure lag against (see `kpipe lag --help`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every group in the cluster')
            [CompletionResult]::new('--only-lagging', '--only-lagging', [CompletionResultType]::ParameterName, 'Only partitions with lag > 0 or a flag (no commit, negative lag)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;groups;reset' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to move the offsets (see above)')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Also write the plan as CSV (topic,partition,offset) to FILE; `-` writes only the CSV to stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'Every topic the group has committed offsets on')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Apply the plan (without it, nothing is changed)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kpipe;groups;delete' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;groups;delete-offsets' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Topic, optionally with partitions: TOPIC or TOPIC:0,1,4-7 (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;groups;commit' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The topic')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The partition')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'The partition')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'The offset to commit (the next record the group will read)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Commit even when the offset is outside [log start, log end]')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;groups;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List consumer groups with state, type, assignor, members and total lag')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a group''s members and, per partition, committed offset, log start, log end, lag and owner')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s committed offsets (dry run unless --execute)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete consumer groups (they must have no active members)')
            [CompletionResult]::new('delete-offsets', 'delete-offsets', [CompletionResultType]::ParameterValue, 'Delete a group''s committed offsets for some topics or partitions')
            [CompletionResult]::new('commit', 'commit', [CompletionResultType]::ParameterValue, 'Commit one offset for one partition of a group (surgical fixes)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;groups;help;list' {
            break
        }
        'kpipe;groups;help;describe' {
            break
        }
        'kpipe;groups;help;reset' {
            break
        }
        'kpipe;groups;help;delete' {
            break
        }
        'kpipe;groups;help;delete-offsets' {
            break
        }
        'kpipe;groups;help;commit' {
            break
        }
        'kpipe;groups;help;help' {
            break
        }
        'kpipe;lag' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Group to check (repeatable, or comma-separated)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Group to check (repeatable, or comma-separated)')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Groups whose id matches this regular expression')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only these topics (repeatable, or comma-separated); with -g, every partition of them is shown, committed or not')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only these topics (repeatable, or comma-separated); with -g, every partition of them is shown, committed or not')
            [CompletionResult]::new('--isolation', '--isolation', [CompletionResultType]::ParameterName, 'End offset to measure against: read_uncommitted = high watermark (like kafka-consumer-groups), read_committed = last stable offset')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh every INTERVAL (in place on a terminal, one line per group in a pipe) with rates, ETA and status, until Ctrl-C')
            [CompletionResult]::new('--max-lag', '--max-lag', [CompletionResultType]::ParameterName, 'Fail (exit 6) when a group''s total lag exceeds N records')
            [CompletionResult]::new('--max-lag-time', '--max-lag-time', [CompletionResultType]::ParameterName, 'Fail (exit 6) when a group''s oldest unconsumed record is older than DURATION')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'How long --wait-zero waits [default: --timeout]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'cluster_name label of --output prometheus [default: the profile name, else "kafka"]')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Every consumer group in the cluster')
            [CompletionResult]::new('--no-time-lag', '--no-time-lag', [CompletionResultType]::ParameterName, 'Skip the record fetches that measure lag in time')
            [CompletionResult]::new('--only-lagging', '--only-lagging', [CompletionResultType]::ParameterName, 'Only partitions with lag > 0 or a flag')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Only the per-topic and per-group totals (table output)')
            [CompletionResult]::new('--wait-zero', '--wait-zero', [CompletionResultType]::ParameterName, 'Wait until every selected group has zero lag (exit 0), or exit 6 at the deadline')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kpipe;topics' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their partition count, replication factor and health')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create topics')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete topics and all their records (asks first; --yes for scripts)')
            [CompletionResult]::new('alter-config', 'alter-config', [CompletionResultType]::ParameterValue, 'Set or remove topic configs; other configs stay as they are')
            [CompletionResult]::new('add-partitions', 'add-partitions', [CompletionResultType]::ParameterValue, 'Increase a topic''s partition count (Kafka cannot decrease it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;topics;list' {
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'Only topics whose name matches this regular expression (unanchored, like grep)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--internal', '--internal', [CompletionResultType]::ParameterName, 'Include Kafka''s internal topics (names starting with `__`)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;topics;describe' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-timestamps', '--no-timestamps', [CompletionResultType]::ParameterName, 'Skip reading the first and last record of each partition')
            [CompletionResult]::new('--all-configs', '--all-configs', [CompletionResultType]::ParameterName, 'Show every effective config and its source, not only those set on the topic')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;topics;create' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Number of partitions [default: the broker''s num.partitions]')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Number of partitions [default: the broker''s num.partitions]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Replicas per partition [default: the broker''s default.replication.factor]')
            [CompletionResult]::new('--replication-factor', '--replication-factor', [CompletionResultType]::ParameterName, 'Replicas per partition [default: the broker''s default.replication.factor]')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe''s own config file)')
            [CompletionResult]::new('--topic-config', '--topic-config', [CompletionResultType]::ParameterName, 'A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe''s own config file)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'Succeed, changing nothing, when a topic already exists')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Let the broker validate the request without creating anything')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;topics;delete' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;topics;alter-config' {
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set a config on the topic (repeatable)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Remove a config from the topic, so the broker''s default applies again (repeatable)')
            [CompletionResult]::new('--append', '--append', [CompletionResultType]::ParameterName, 'Add a value to a list config, e.g. cleanup.policy=compact (repeatable)')
            [CompletionResult]::new('--subtract', '--subtract', [CompletionResultType]::ParameterName, 'Remove a value from a list config (repeatable)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Let the broker validate the change without applying it')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;topics;add-partitions' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The new total number of partitions')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Let the broker validate the change without applying it')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;topics;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their partition count, replication factor and health')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create topics')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete topics and all their records (asks first; --yes for scripts)')
            [CompletionResult]::new('alter-config', 'alter-config', [CompletionResultType]::ParameterValue, 'Set or remove topic configs; other configs stay as they are')
            [CompletionResult]::new('add-partitions', 'add-partitions', [CompletionResultType]::ParameterValue, 'Increase a topic''s partition count (Kafka cannot decrease it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;topics;help;list' {
            break
        }
        'kpipe;topics;help;describe' {
            break
        }
        'kpipe;topics;help;create' {
            break
        }
        'kpipe;topics;help;delete' {
            break
        }
        'kpipe;topics;help;alter-config' {
            break
        }
        'kpipe;topics;help;add-partitions' {
            break
        }
        'kpipe;topics;help;help' {
            break
        }
        'kpipe;cluster' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;local' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port of the first broker (brokers 2..N use the next ports); 0 picks free ports')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Number of brokers in the cluster')
            [CompletionResult]::new('--broker-count', '--broker-count', [CompletionResultType]::ParameterName, 'Number of brokers in the cluster')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'Partition count for --topic entries that do not give one')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Pre-create a topic (repeatable): NAME or NAME:PARTITIONS')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Pre-create a topic (repeatable): NAME or NAME:PARTITIONS')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kpipe;config' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each came from (secrets redacted)')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'List the profiles in the config file')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Connect with the effective settings; print the cluster id and brokers')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;config;show' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;config;profiles' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;config;check' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each came from (secrets redacted)')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'List the profiles in the config file')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Connect with the effective settings; print the cluster id and brokers')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;config;help;show' {
            break
        }
        'kpipe;config;help;profiles' {
            break
        }
        'kpipe;config;help;check' {
            break
        }
        'kpipe;config;help;help' {
            break
        }
        'kpipe;completions' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kpipe;version' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write kpipe.1 and a page per subcommand (kpipe-topics.1, ...) into DIR')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('--brokers', '--brokers', [CompletionResultType]::ParameterName, 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Config profile to use [default: the file''s `default-profile`, else `default`]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]')
            [CompletionResult]::new('--schema-registry', '--schema-registry', [CompletionResultType]::ParameterName, 'Schema Registry URL (Confluent-compatible)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors on stderr (NO_COLOR is honoured)')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Ignore the config file entirely')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'kpipe;help' {
            [CompletionResult]::new('produce', 'produce', [CompletionResultType]::ParameterValue, 'Produce records from stdin or files')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Read records to stdout: exact offsets, exact commits, any shape')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'List, describe, reset, commit and delete consumer groups')
            [CompletionResult]::new('lag', 'lag', [CompletionResultType]::ParameterValue, 'Consumer lag in records and in time; CI gates; watch mode')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List, describe, create, delete and configure topics')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Show the cluster id, controller, brokers and partition health')
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'Start an embedded Kafka-protocol broker (no Kafka needed)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration, list profiles, check the connection')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show kpipe''s and librdkafka''s versions and the enabled features')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kpipe;help;produce' {
            break
        }
        'kpipe;help;consume' {
            break
        }
        'kpipe;help;groups' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List consumer groups with state, type, assignor, members and total lag')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show a group''s members and, per partition, committed offset, log start, log end, lag and owner')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Move a group''s committed offsets (dry run unless --execute)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete consumer groups (they must have no active members)')
            [CompletionResult]::new('delete-offsets', 'delete-offsets', [CompletionResultType]::ParameterValue, 'Delete a group''s committed offsets for some topics or partitions')
            [CompletionResult]::new('commit', 'commit', [CompletionResultType]::ParameterValue, 'Commit one offset for one partition of a group (surgical fixes)')
            break
        }
        'kpipe;help;groups;list' {
            break
        }
        'kpipe;help;groups;describe' {
            break
        }
        'kpipe;help;groups;reset' {
            break
        }
        'kpipe;help;groups;delete' {
            break
        }
        'kpipe;help;groups;delete-offsets' {
            break
        }
        'kpipe;help;groups;commit' {
            break
        }
        'kpipe;help;lag' {
            break
        }
        'kpipe;help;topics' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List topics with their partition count, replication factor and health')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create topics')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete topics and all their records (asks first; --yes for scripts)')
            [CompletionResult]::new('alter-config', 'alter-config', [CompletionResultType]::ParameterValue, 'Set or remove topic configs; other configs stay as they are')
            [CompletionResult]::new('add-partitions', 'add-partitions', [CompletionResultType]::ParameterValue, 'Increase a topic''s partition count (Kafka cannot decrease it)')
            break
        }
        'kpipe;help;topics;list' {
            break
        }
        'kpipe;help;topics;describe' {
            break
        }
        'kpipe;help;topics;create' {
            break
        }
        'kpipe;help;topics;delete' {
            break
        }
        'kpipe;help;topics;alter-config' {
            break
        }
        'kpipe;help;topics;add-partitions' {
            break
        }
        'kpipe;help;cluster' {
            break
        }
        'kpipe;help;local' {
            break
        }
        'kpipe;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective settings and where each came from (secrets redacted)')
            [CompletionResult]::new('profiles', 'profiles', [CompletionResultType]::ParameterValue, 'List the profiles in the config file')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Connect with the effective settings; print the cluster id and brokers')
            break
        }
        'kpipe;help;config;show' {
            break
        }
        'kpipe;help;config;profiles' {
            break
        }
        'kpipe;help;config;check' {
            break
        }
        'kpipe;help;completions' {
            break
        }
        'kpipe;help;version' {
            break
        }
        'kpipe;help;man' {
            break
        }
        'kpipe;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
