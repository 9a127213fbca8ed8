//! Completes the `sol!`-generated JSON ABIs into the form solc emits.
//!
//! `#[sol(abi)]` leaves `internalType` empty, so struct parameters would lose their names. This
//! module fills it in: elementary types get their own name (`uint16[]`), and tuples get
//! `struct <Interface>.<Struct>` by matching their components against the structs the interface
//! declares.

use alloy_json_abi::{InternalType, JsonAbi, Param};
use alloy_sol_types::SolStruct;

/// A Solidity struct declared inside an interface: its name and its fields as `(type, name)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StructDef {
    name: &'static str,
    fields: Vec<(String, String)>,
}

impl StructDef {
    /// The definition of a `sol!`-generated struct, read from its EIP-712 root type
    /// (`Name(type1 name1,type2 name2,...)`).
    pub(crate) fn of<T: SolStruct>() -> Self {
        let root = T::eip712_root_type();
        let body = root
            .strip_prefix(T::NAME)
            .and_then(|rest| rest.strip_prefix('('))
            .and_then(|rest| rest.strip_suffix(')'))
            .unwrap_or_default();
        let fields = body
            .split(',')
            .filter(|field| !field.is_empty())
            .map(|field| match field.rsplit_once(' ') {
                Some((ty, name)) => (ty.to_string(), name.to_string()),
                None => (field.to_string(), String::new()),
            })
            .collect();
        Self { name: T::NAME, fields }
    }

    /// Whether a tuple's components have this struct's field names and types (a nested tuple
    /// component matches by name only; it is resolved on its own).
    fn matches(&self, components: &[Param]) -> bool {
        components.len() == self.fields.len()
            && components.iter().zip(&self.fields).all(|(param, (ty, name))| {
                param.name == *name && (param.ty == *ty || param.ty.starts_with("tuple"))
            })
    }
}

/// Fills in the `internalType` of every function and event parameter of `abi`, as solc would
/// for an interface named `contract` declaring `structs`. A tuple that matches no struct keeps
/// an empty `internalType` (the Solidity renderer reports it); event parameters are elementary
/// (a tuple there keeps an empty `internalType` too).
pub(crate) fn with_internal_types(
    mut abi: JsonAbi,
    contract: &str,
    structs: &[StructDef],
) -> JsonAbi {
    for function in abi.functions.values_mut().flatten() {
        for param in function.inputs.iter_mut().chain(function.outputs.iter_mut()) {
            annotate(param, contract, structs);
        }
    }
    for param in abi.events.values_mut().flatten().flat_map(|event| event.inputs.iter_mut()) {
        if param.internal_type.is_none() && !param.ty.starts_with("tuple") {
            param.internal_type =
                Some(InternalType::Other { contract: None, ty: param.ty.clone() });
        }
    }
    abi
}

fn annotate(param: &mut Param, contract: &str, structs: &[StructDef]) {
    for component in &mut param.components {
        annotate(component, contract, structs);
    }
    if param.internal_type.is_some() {
        return;
    }
    if let Some(array_suffix) = param.ty.strip_prefix("tuple") {
        if let Some(def) = structs.iter().find(|def| def.matches(&param.components)) {
            param.internal_type = Some(InternalType::Struct {
                contract: Some(contract.to_string()),
                ty: format!("{}{array_suffix}", def.name),
            });
        }
    } else {
        param.internal_type = Some(InternalType::Other { contract: None, ty: param.ty.clone() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{metagraph::IMetagraph, uid_lookup::IUidLookup};

    #[test]
    fn struct_def_reads_fields_in_order() {
        let def = StructDef::of::<IUidLookup::LookupItem>();
        assert_eq!(def.name, "LookupItem");
        assert_eq!(
            def.fields,
            vec![
                ("uint16".to_string(), "uid".to_string()),
                ("uint64".to_string(), "block_associated".to_string()),
            ]
        );
        assert_eq!(StructDef::of::<IMetagraph::AxonInfo>().fields.len(), 6);
    }

    #[test]
    fn tuples_get_qualified_struct_names_and_elementary_types_their_own() {
        let abi = crate::uid_lookup::abi();
        let function = &abi.functions["uidLookup"][0];
        let output = &function.outputs[0];
        assert_eq!(output.ty, "tuple[]");
        assert_eq!(
            output.internal_type.as_ref().map(ToString::to_string).as_deref(),
            Some("struct IUidLookup.LookupItem[]")
        );
        assert_eq!(
            output.components[1].internal_type.as_ref().map(ToString::to_string).as_deref(),
            Some("uint64")
        );
        let input = &function.inputs[1];
        assert_eq!(
            input.internal_type.as_ref().map(ToString::to_string).as_deref(),
            Some("address")
        );
    }

    #[test]
    fn event_parameters_get_their_own_types() {
        let abi = crate::neuron::abi();
        let event = &abi.events["WeightsSet"][0];
        let types: Vec<String> = event
            .inputs
            .iter()
            .map(|p| p.internal_type.as_ref().map(ToString::to_string).unwrap_or_default())
            .collect();
        assert_eq!(types, ["bytes32", "uint16", "uint16[]", "uint16[]", "uint64"]);
        assert!(event.inputs[0].indexed && event.inputs[1].indexed && !event.inputs[2].indexed);
    }

    #[test]
    fn unknown_tuple_keeps_an_empty_internal_type() {
        let abi = with_internal_types(IUidLookup::abi::contract(), "IUidLookup", &[]);
        assert!(abi.functions["uidLookup"][0].outputs[0].internal_type.is_none());
    }
}
