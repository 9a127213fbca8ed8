//! Test contract for wasm-host: calls and instantiates other contracts (seal1/seal2 call and
//! instantiate, call flags, reentrancy), in the real chain's environment.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

#[ink::contract(env = counter::TaoEnv)]
mod caller {
    use counter::counter::CounterRef;
    use ink::env::call::{build_call, ExecutionInput, Selector};
    use ink::env::CallFlags;
    use ink::prelude::vec::Vec;

    /// Bytes written into the call input as they are (no length prefix).
    pub struct Raw(pub Vec<u8>);

    impl scale::Encode for Raw {
        fn size_hint(&self) -> usize {
            self.0.len()
        }
        fn encode_to<T: scale::Output + ?Sized>(&self, dest: &mut T) {
            dest.write(&self.0)
        }
    }

    /// The rest of the callee's output, undecoded.
    pub struct Rest(pub Vec<u8>);

    impl scale::Decode for Rest {
        fn decode<I: scale::Input>(input: &mut I) -> Result<Self, scale::Error> {
            let len = input.remaining_len()?.unwrap_or(0);
            let mut out = ink::prelude::vec![0u8; len];
            input.read(&mut out)?;
            Ok(Rest(out))
        }
    }

    #[ink(storage)]
    pub struct Caller {
        calls: u32,
    }

    fn code_of(e: ink::env::Error) -> u32 {
        match e {
            ink::env::Error::ReturnError(code) => code as u32,
            _ => 1000,
        }
    }

    fn split(input: &[u8]) -> ([u8; 4], Vec<u8>) {
        let mut sel = [0u8; 4];
        sel.copy_from_slice(&input[..4]);
        (sel, input[4..].to_vec())
    }

    impl Caller {
        /// Starts with no calls counted.
        #[ink(constructor, payable)]
        pub fn new() -> Self {
            Self { calls: 0 }
        }

        /// Calls `callee` with `input` (selector ‖ SCALE args) through seal2.call and returns
        /// what follows the callee's `Ok` byte, or the host's return code.
        #[ink(message, payable)]
        pub fn call_raw(
            &mut self,
            callee: AccountId,
            input: Vec<u8>,
            value: Balance,
            reentry: bool,
        ) -> Result<Vec<u8>, u32> {
            self.calls = self.calls.wrapping_add(1);
            let (sel, args) = split(&input);
            let flags = if reentry { CallFlags::ALLOW_REENTRY } else { CallFlags::empty() };
            let r = build_call::<counter::TaoEnv>()
                .call(callee)
                .transferred_value(value)
                .call_flags(flags)
                .exec_input(ExecutionInput::new(Selector::new(sel)).push_arg(Raw(args)))
                .returns::<Rest>()
                .try_invoke();
            match r {
                Ok(Ok(Rest(out))) => Ok(out),
                Ok(Err(_)) => Err(2000),
                Err(e) => Err(code_of(e)),
            }
        }

        /// As `call_raw` through seal1.call (gas limit 0 = all that is left).
        #[ink(message)]
        pub fn call_raw_v1(&mut self, callee: AccountId, input: Vec<u8>) -> Result<Vec<u8>, u32> {
            let (sel, args) = split(&input);
            let r = build_call::<counter::TaoEnv>()
                .call_v1(callee)
                .gas_limit(0)
                .exec_input(ExecutionInput::new(Selector::new(sel)).push_arg(Raw(args)))
                .returns::<Rest>()
                .try_invoke();
            match r {
                Ok(Ok(Rest(out))) => Ok(out),
                Ok(Err(_)) => Err(2000),
                Err(e) => Err(code_of(e)),
            }
        }

        /// Instantiates a counter (seal2.instantiate) and returns its account.
        #[ink(message, payable)]
        pub fn create(
            &mut self,
            code_hash: Hash,
            init: bool,
            salt: Vec<u8>,
            value: Balance,
        ) -> Result<AccountId, u32> {
            let r = CounterRef::new(init)
                .code_hash(code_hash)
                .endowment(value)
                .salt_bytes(salt)
                .try_instantiate();
            match r {
                Ok(Ok(c)) => Ok(ink::ToAccountId::to_account_id(&c)),
                Ok(Err(_)) => Err(2000),
                Err(e) => Err(code_of(e)),
            }
        }

        /// Instantiates a counter through seal1.instantiate.
        #[ink(message)]
        pub fn create_v1(
            &mut self,
            code_hash: Hash,
            init: bool,
            salt: Vec<u8>,
        ) -> Result<AccountId, u32> {
            let r = CounterRef::new(init)
                .code_hash(code_hash)
                .endowment(0)
                .salt_bytes(salt)
                .instantiate_v1()
                .gas_limit(0)
                .try_instantiate();
            match r {
                Ok(Ok(c)) => Ok(ink::ToAccountId::to_account_id(&c)),
                Ok(Err(_)) => Err(2000),
                Err(e) => Err(code_of(e)),
            }
        }

        /// Instantiates through the counter's panicking constructor: the host's return code.
        #[ink(message)]
        pub fn create_failing(&mut self, code_hash: Hash) -> u32 {
            let r = CounterRef::failing()
                .code_hash(code_hash)
                .endowment(0)
                .salt_bytes(Vec::new())
                .try_instantiate();
            match r {
                Ok(_) => 0,
                Err(e) => code_of(e),
            }
        }

        /// A message another contract can call back into.
        #[ink(message)]
        pub fn ping(&mut self) -> u32 {
            self.calls = self.calls.wrapping_add(1);
            self.calls
        }

        /// How many calls this contract counted.
        #[ink(message)]
        pub fn calls(&self) -> u32 {
            self.calls
        }
    }
}
