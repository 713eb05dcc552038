fn main() -> std::process::ExitCode {
    synchup_setup::main()
}
