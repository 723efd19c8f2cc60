
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
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'Start an embedded Kafka-protocol broker (no Kafka needed)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration, list profiles, check the connection')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List, describe, create, delete and configure topics')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Show the cluster id, controller, brokers and partition health')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show kpipe''s and librdkafka''s versions and the enabled features')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
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
            [CompletionResult]::new('local', 'local', [CompletionResultType]::ParameterValue, 'Start an embedded Kafka-protocol broker (no Kafka needed)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration, list profiles, check the connection')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List, describe, create, delete and configure topics')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Show the cluster id, controller, brokers and partition health')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show kpipe''s and librdkafka''s versions and the enabled features')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
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
        'kpipe;help;version' {
            break
        }
        'kpipe;help;completions' {
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
