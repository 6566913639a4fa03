"""Build the HQ-SAM 2.1 network from the sam-hq2 sources without hydra-core or iopath.

SAM 2 uses hydra only to read a YAML config (`compose`) and to build the objects it names
(`instantiate`), and iopath only to open a file. Neither is packaged by Debian, so this module
provides those three calls itself (through OmegaConf, which Debian packages as python3-omegaconf)
and registers them under the names the sources import. The sources are used as they are: nothing
in the sam-hq2 folder is patched.

On torch 1.x it also provides `F.scaled_dot_product_attention` (added in torch 2.0) as its textbook
definition, softmax(q kᵀ / √d) v, which is also what torch 2.x's TorchScript exporter writes into the
graph for it; and `torch.backends.cuda.sdp_kernel` as a no-op context (it only picks CUDA kernels, and torch 1.13's
takes other arguments than SAM 2 passes).

It also teaches torch.onnx to export `aten::tile` (Hiera's window position embedding uses
`Tensor.tile`; torch 1.13 has no ONNX symbolic for it) as the equivalent `repeat`.
"""

import importlib
import os
import sys
import types

import torch
import yaml
from omegaconf import OmegaConf


def _install_import_shims():
    """Modules named hydra / hydra.core.global_hydra / hydra.utils / iopath.common.file_io with the calls SAM 2 makes."""
    if "hydra" in sys.modules and not getattr(sys.modules["hydra"], "_hqsam_shim", False):
        return  # the real hydra is installed and already imported: use it

    try:
        import hydra  # noqa: F401  (the real one, when installed)
        import iopath  # noqa: F401
        return
    except ImportError:
        pass

    hydra = types.ModuleType("hydra")
    hydra._hqsam_shim = True
    hydra.initialize_config_module = lambda *args, **kwargs: None
    hydra.compose = lambda *args, **kwargs: (_ for _ in ()).throw(
        RuntimeError("sam2_sources builds models with load_config(); hydra's compose is not available"))
    core = types.ModuleType("hydra.core")
    global_hydra = types.ModuleType("hydra.core.global_hydra")

    class GlobalHydra:
        @staticmethod
        def instance():
            return GlobalHydra()

        def is_initialized(self):
            return True  # so sam2/__init__.py does not try to initialise a config module

    global_hydra.GlobalHydra = GlobalHydra
    utils = types.ModuleType("hydra.utils")
    utils.instantiate = instantiate
    sys.modules.update({"hydra": hydra, "hydra.core": core, "hydra.core.global_hydra": global_hydra, "hydra.utils": utils})

    if "iopath" not in sys.modules:
        iopath = types.ModuleType("iopath")
        common = types.ModuleType("iopath.common")
        file_io = types.ModuleType("iopath.common.file_io")

        class _PathManager:
            @staticmethod
            def open(path, mode="r", **kwargs):
                return open(path, mode, **kwargs)

        file_io.g_pathmgr = _PathManager()
        sys.modules.update({"iopath": iopath, "iopath.common": common, "iopath.common.file_io": file_io})


def instantiate(node, _recursive_=True):
    """Hydra's instantiate for what SAM 2's configs use: `_target_` classes, nested configs, lists."""
    if OmegaConf.is_config(node):
        node = OmegaConf.to_container(node, resolve=True)
    if isinstance(node, list):
        return [instantiate(item) for item in node]
    if not isinstance(node, dict):
        return node
    built = {key: instantiate(value) for key, value in node.items() if not key.startswith("_")}
    if "_target_" not in node:
        return built
    module_name, _, class_name = node["_target_"].rpartition(".")
    target = getattr(importlib.import_module(module_name), class_name)
    return target(**built)


def load_config(config_path, overrides=None):
    """The YAML config with `key=value` overrides applied (the `++` prefix of hydra overrides is accepted)."""
    cfg = OmegaConf.load(config_path)
    for override in overrides or []:
        key, _, value = override.lstrip("+").partition("=")
        OmegaConf.update(cfg, key, yaml.safe_load(value), force_add=True)
    OmegaConf.resolve(cfg)
    return cfg


def _register_tile_symbolic():
    from torch.onnx import register_custom_op_symbolic
    from torch.onnx import symbolic_helper
    from torch.onnx import symbolic_opset9

    def tile(g, self, dims):
        # torch.tile(x, dims) == x.repeat(dims) once dims has x's rank (tile pads dims with leading 1s).
        rank = symbolic_helper._get_tensor_rank(self)
        constant = symbolic_helper._maybe_get_const(dims, "is")
        if isinstance(constant, (list, tuple)) and rank is not None and len(constant) < rank:
            dims = g.op("Constant", value_t=torch.tensor([1] * (rank - len(constant)) + list(constant), dtype=torch.int64))
        return symbolic_opset9.repeat(g, self, dims)

    for opset in range(9, 21):
        register_custom_op_symbolic("aten::tile", tile, opset)


def _provide_attention():
    import contextlib
    import math

    import torch.nn.functional as F

    if not hasattr(F, "scaled_dot_product_attention"):
        def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
            if dropout_p > 0.0 or is_causal:
                raise NotImplementedError("only inference attention (no dropout, not causal) is provided on torch 1.x")
            weights = torch.matmul(query, key.transpose(-2, -1)) * (scale or 1.0 / math.sqrt(query.shape[-1]))
            if attn_mask is not None:
                weights = weights.masked_fill(~attn_mask, float("-inf")) if attn_mask.dtype == torch.bool else weights + attn_mask
            return torch.matmul(torch.softmax(weights, dim=-1), value)

        F.scaled_dot_product_attention = scaled_dot_product_attention
        # torch 1.13's sdp_kernel takes neither enable_mem_efficient nor affects the function above.
        torch.backends.cuda.sdp_kernel = lambda **kwargs: contextlib.nullcontext()


def build(sources, config, checkpoint=None, seed=0):
    """The SAM 2 model (SAM2HQBase, or SAM2Base for plain SAM 2.1) from `sources` (the sam-hq2 folder) and `config`
    (a path, or one relative to sources/sam2).

    With no checkpoint the weights are the constructors' random initialisation under `seed`: the real
    architecture (graph, operators, shapes, cost), meaningless masks.
    """
    sources = os.path.abspath(sources)
    if not os.path.isdir(os.path.join(sources, "sam2", "modeling")):
        sys.exit(f"{sources}: not the sam-hq2 folder (no sam2/modeling inside)")
    if sources not in sys.path:
        sys.path.insert(0, sources)
    _install_import_shims()
    _register_tile_symbolic()
    _provide_attention()

    if not os.path.isfile(config):
        config = os.path.join(sources, "sam2", config)
    if not os.path.isfile(config):
        sys.exit(f"{config}: config not found")
    cfg = load_config(config, [
        # The image predictor's settings (build_sam2's apply_postprocessing); they do not change predict_masks.
        "++model.sam_mask_decoder_extra_args.dynamic_multimask_via_stability=true",
        "++model.sam_mask_decoder_extra_args.dynamic_multimask_stability_delta=0.05",
        "++model.sam_mask_decoder_extra_args.dynamic_multimask_stability_thresh=0.98",
    ])
    torch.manual_seed(seed)
    model = instantiate(cfg.model)
    if checkpoint is not None:
        state = torch.load(checkpoint, map_location="cpu")
        state = state.get("model", state)
        missing, unexpected = model.load_state_dict(state, strict=False)
        if missing or unexpected:
            sys.exit(f"{checkpoint}: does not fit {os.path.basename(config)} "
                     f"(missing {len(missing)} tensors, e.g. {missing[:3]}; unexpected {len(unexpected)}, e.g. {unexpected[:3]})")
    return model.eval()
