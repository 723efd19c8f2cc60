
use builtin;
use str;

set edit:completion:arg-completer[kpipe] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kpipe'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kpipe'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -V 'Print the version (with -v: librdkafka''s version and features too)'
            cand --version 'Print the version (with -v: librdkafka''s version and features too)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand local 'Start an embedded Kafka-protocol broker (no Kafka needed)'
            cand config 'Show the effective configuration, list profiles, check the connection'
            cand topics 'List, describe, create, delete and configure topics'
            cand cluster 'Show the cluster id, controller, brokers and partition health'
            cand version 'Show kpipe''s and librdkafka''s versions and the enabled features'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;local'= {
            cand --port 'Port of the first broker (brokers 2..N use the next ports); 0 picks free ports'
            cand -n 'Number of brokers in the cluster'
            cand --broker-count 'Number of brokers in the cluster'
            cand --partitions 'Partition count for --topic entries that do not give one'
            cand -t 'Pre-create a topic (repeatable): NAME or NAME:PARTITIONS'
            cand --topic 'Pre-create a topic (repeatable): NAME or NAME:PARTITIONS'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;config'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print the effective settings and where each came from (secrets redacted)'
            cand profiles 'List the profiles in the config file'
            cand check 'Connect with the effective settings; print the cluster id and brokers'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;config;show'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;config;profiles'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;config;check'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;config;help'= {
            cand show 'Print the effective settings and where each came from (secrets redacted)'
            cand profiles 'List the profiles in the config file'
            cand check 'Connect with the effective settings; print the cluster id and brokers'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;config;help;show'= {
        }
        &'kpipe;config;help;profiles'= {
        }
        &'kpipe;config;help;check'= {
        }
        &'kpipe;config;help;help'= {
        }
        &'kpipe;topics'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List topics with their partition count, replication factor and health'
            cand describe 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
            cand create 'Create topics'
            cand delete 'Delete topics and all their records (asks first; --yes for scripts)'
            cand alter-config 'Set or remove topic configs; other configs stay as they are'
            cand add-partitions 'Increase a topic''s partition count (Kafka cannot decrease it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;topics;list'= {
            cand --regex 'Only topics whose name matches this regular expression (unanchored, like grep)'
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --internal 'Include Kafka''s internal topics (names starting with `__`)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;describe'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-timestamps 'Skip reading the first and last record of each partition'
            cand --all-configs 'Show every effective config and its source, not only those set on the topic'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;create'= {
            cand -p 'Number of partitions [default: the broker''s num.partitions]'
            cand --partitions 'Number of partitions [default: the broker''s num.partitions]'
            cand -r 'Replicas per partition [default: the broker''s default.replication.factor]'
            cand --replication-factor 'Replicas per partition [default: the broker''s default.replication.factor]'
            cand -c 'A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe''s own config file)'
            cand --topic-config 'A topic config, e.g. retention.ms=604800000 (repeatable; `--config` names kpipe''s own config file)'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --if-not-exists 'Succeed, changing nothing, when a topic already exists'
            cand --dry-run 'Let the broker validate the request without creating anything'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;delete'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;alter-config'= {
            cand --set 'Set a config on the topic (repeatable)'
            cand --delete 'Remove a config from the topic, so the broker''s default applies again (repeatable)'
            cand --append 'Add a value to a list config, e.g. cleanup.policy=compact (repeatable)'
            cand --subtract 'Remove a value from a list config (repeatable)'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --dry-run 'Let the broker validate the change without applying it'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;add-partitions'= {
            cand --to 'The new total number of partitions'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --dry-run 'Let the broker validate the change without applying it'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;topics;help'= {
            cand list 'List topics with their partition count, replication factor and health'
            cand describe 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
            cand create 'Create topics'
            cand delete 'Delete topics and all their records (asks first; --yes for scripts)'
            cand alter-config 'Set or remove topic configs; other configs stay as they are'
            cand add-partitions 'Increase a topic''s partition count (Kafka cannot decrease it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;topics;help;list'= {
        }
        &'kpipe;topics;help;describe'= {
        }
        &'kpipe;topics;help;create'= {
        }
        &'kpipe;topics;help;delete'= {
        }
        &'kpipe;topics;help;alter-config'= {
        }
        &'kpipe;topics;help;add-partitions'= {
        }
        &'kpipe;topics;help;help'= {
        }
        &'kpipe;cluster'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;version'= {
            cand --output 'Output format'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;completions'= {
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kpipe;man'= {
            cand --dir 'Write kpipe.1 and a page per subcommand (kpipe-topics.1, ...) into DIR'
            cand -b 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand --brokers 'Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]'
            cand -X 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --property 'Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5'
            cand --profile 'Config profile to use [default: the file''s `default-profile`, else `default`]'
            cand --config 'Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]'
            cand --schema-registry 'Schema Registry URL (Confluent-compatible)'
            cand --timeout 'Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]'
            cand --color 'When to use colors on stderr (NO_COLOR is honoured)'
            cand --no-config 'Ignore the config file entirely'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand --verbose 'More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'kpipe;help'= {
            cand local 'Start an embedded Kafka-protocol broker (no Kafka needed)'
            cand config 'Show the effective configuration, list profiles, check the connection'
            cand topics 'List, describe, create, delete and configure topics'
            cand cluster 'Show the cluster id, controller, brokers and partition health'
            cand version 'Show kpipe''s and librdkafka''s versions and the enabled features'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Write kpipe''s man page (roff) to stdout, or one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kpipe;help;local'= {
        }
        &'kpipe;help;config'= {
            cand show 'Print the effective settings and where each came from (secrets redacted)'
            cand profiles 'List the profiles in the config file'
            cand check 'Connect with the effective settings; print the cluster id and brokers'
        }
        &'kpipe;help;config;show'= {
        }
        &'kpipe;help;config;profiles'= {
        }
        &'kpipe;help;config;check'= {
        }
        &'kpipe;help;topics'= {
            cand list 'List topics with their partition count, replication factor and health'
            cand describe 'Partitions (leader, replicas, ISR), offsets, record counts, timestamps and configs'
            cand create 'Create topics'
            cand delete 'Delete topics and all their records (asks first; --yes for scripts)'
            cand alter-config 'Set or remove topic configs; other configs stay as they are'
            cand add-partitions 'Increase a topic''s partition count (Kafka cannot decrease it)'
        }
        &'kpipe;help;topics;list'= {
        }
        &'kpipe;help;topics;describe'= {
        }
        &'kpipe;help;topics;create'= {
        }
        &'kpipe;help;topics;delete'= {
        }
        &'kpipe;help;topics;alter-config'= {
        }
        &'kpipe;help;topics;add-partitions'= {
        }
        &'kpipe;help;cluster'= {
        }
        &'kpipe;help;version'= {
        }
        &'kpipe;help;completions'= {
        }
        &'kpipe;help;man'= {
        }
        &'kpipe;help;help'= {
        }
    ]
    $completions[$command]
}
