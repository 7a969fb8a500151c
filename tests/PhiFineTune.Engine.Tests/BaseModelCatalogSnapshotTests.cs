using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PhiFineTune.Engine.Models;

namespace PhiFineTune.Engine.Tests;

/// <summary>
/// Every property of every model, as the catalogue held them in code before its data moved to a JSON file: the
/// loaded catalogue must still say exactly this.
/// </summary>
public sealed class BaseModelCatalogSnapshotTests
{
    static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public void The_catalogue_holds_every_value_it_held_in_code()
    {
        var actual = JsonSerializer.Serialize(
            new { BaseModelCatalog.DefaultModel, BaseModelCatalog.FineTuningRegions, Models = BaseModelCatalog.All }, s_json);
        Assert.Equal(Expected, actual.ReplaceLineEndings("\n"));
    }

    const string Expected = """
        {
          "DefaultModel": "Phi-4-mini-instruct",
          "FineTuningRegions": [
            "eastus",
            "eastus2",
            "northcentralus",
            "southcentralus",
            "westus",
            "westus3"
          ],
          "Models": [
            {
              "Name": "Phi-4-mini-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-4-mini-instruct",
              "ContextLength": 131072,
              "ContextLengthSource": "max_position_embeddings 131072 in huggingface.co/microsoft/Phi-4-mini-instruct config.json (as recorded, with that URL, by Lightning-AI/litgpt litgpt/config.py: block_size 131072); the model card says 128K tokens",
              "Tokenizer": "O200kBase",
              "VocabularySize": 200064,
              "ExactTokenCount": true,
              "TokenizerSource": "huggingface.co/microsoft/Phi-4-mini-instruct config.json: auto_map AutoTokenizer \"Xenova/gpt-4o\" (the GPT-4o o200k_base tokenizer) and vocab_size 200064; litgpt litgpt/config.py records 200019 tokenizer entries padded to 200064",
              "FineTuningRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "southcentralus",
                "westus",
                "westus3"
              ],
              "DeploymentRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "westus3",
                "westus",
                "southcentralus"
              ],
              "RegionsSource": "Fine-tuning: azure-ai-docs articles/ai-foundry/includes/region-availability-maas.md (ms.date 2025-11-24), Microsoft models table [DOC-REGIONS, contracts/arm B.10]. Deployment of the fine-tuned model: azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10]. The DOC-REGIONS table also lists swedencentral for deploying the base model serverlessly; the notebook's matrix for fine-tuned models does not.",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum for this model: fine-tune-serverless.md [DOC-SLS-FT] says the default and maximum batch size are specific to the base model without giving them, and the -1 and 256 of fine-tune-phi-3.md are stated for Phi-3 and Phi-3.5. No source gives the default."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum for this model. No source gives the default. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). No source gives the default."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": false,
              "Notes": "The default model of this module. The model card documents function calling at inference: tool definitions in the system message between <|tool|> and <|/tool|> (the chat_template of its tokenizer_config.json). No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-4",
              "RegistryId": "azureml://registries/azureml/models/Phi-4",
              "ContextLength": 16384,
              "ContextLengthSource": "Azure/azureml-assets assets/models/system/Phi-4/spec.yaml (asset version 8) tags.textContextWindow 16384; huggingface.co/microsoft/phi-4 config.json max_position_embeddings 16384 and tokenizer_config.json model_max_length 16384",
              "Tokenizer": "Cl100kBase",
              "VocabularySize": 100352,
              "ExactTokenCount": true,
              "TokenizerSource": "huggingface.co/microsoft/phi-4 config.json vocab_size 100352; pytorch/torchtune torchtune/models/phi4/_tokenizer.py: the cl100k_base pre-tokenizer pattern, <|endoftext|> at 100257 as in cl100k_base, and Phi-4's special tokens (<|im_start|>, <|im_sep|>, <|im_end|>, dummies) filling 100256 to 100351",
              "FineTuningRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "southcentralus",
                "westus",
                "westus3"
              ],
              "DeploymentRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "southcentralus",
                "swedencentral",
                "westus",
                "westus3"
              ],
              "RegionsSource": "Fine-tuning and deployment: azure-ai-docs articles/ai-foundry/includes/region-availability-maas.md (ms.date 2025-11-24), Microsoft models table [DOC-REGIONS, contracts/arm B.10]. The deployment column is for serverless deployment of the model; the notebook's matrix for fine-tuned deployments [NB] does not list Phi-4.",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": 1,
                  "Source": "No source gives the minimum or maximum for this model: fine-tune-serverless.md [DOC-SLS-FT] says the default and maximum batch size are specific to the base model without giving them, and the -1 and 256 of fine-tune-phi-3.md are stated for Phi-3 and Phi-3.5. Default: Azure/azureml-assets assets/models/system/Phi-4/spec.yaml (asset version 8) model_specific_defaults per_device_train_batch_size 1."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": 5E-06,
                  "Source": "No source gives the minimum or maximum for this model. Default: Azure/azureml-assets assets/models/system/Phi-4/spec.yaml (asset version 8) model_specific_defaults learning_rate 5e-6 (it gives no learning_rate_min or learning_rate_max). The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": 1,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). Default: Azure/azureml-assets assets/models/system/Phi-4/spec.yaml (asset version 8) model_specific_defaults num_train_epochs 1."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": false,
              "Notes": "The chat_template of microsoft/phi-4 renders only system, user and assistant messages. No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-4-multimodal-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-4-multimodal-instruct",
              "ContextLength": 131072,
              "ContextLengthSource": "huggingface/transformers src/transformers/models/phi4_multimodal/configuration_phi4_multimodal.py (checkpoint microsoft/Phi-4-multimodal-instruct): max_position_embeddings 131072; the model card says 128K tokens",
              "Tokenizer": "O200kBase",
              "VocabularySize": 200064,
              "ExactTokenCount": true,
              "TokenizerSource": "huggingface.co/microsoft/Phi-4-multimodal-instruct config.json auto_map AutoTokenizer \"Xenova/gpt-4o\" (o200k_base); transformers configuration_phi4_multimodal.py vocab_size 200064; its language model is Phi-4-mini-instruct",
              "FineTuningRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "southcentralus",
                "westus",
                "westus3"
              ],
              "DeploymentRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "southcentralus",
                "swedencentral",
                "westus",
                "westus3"
              ],
              "RegionsSource": "Fine-tuning and deployment: azure-ai-docs articles/ai-foundry/includes/region-availability-maas.md (ms.date 2025-11-24), Microsoft models table [DOC-REGIONS, contracts/arm B.10]. The deployment column is for serverless deployment of the model; the notebook's matrix for fine-tuned deployments [NB] does not list Phi-4-multimodal-instruct.",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum for this model: fine-tune-serverless.md [DOC-SLS-FT] says the default and maximum batch size are specific to the base model without giving them, and the -1 and 256 of fine-tune-phi-3.md are stated for Phi-3 and Phi-3.5. No source gives the default."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum for this model. No source gives the default. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). No source gives the default."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": false,
              "Notes": "Images and audio: no source read describes how serverless fine-tuning takes them in training data; this module checks text chat examples only. Its tokenizer_config.json has the same chat_template as Phi-4-mini-instruct (tool definitions in the system message). No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-3-mini-4k-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-3-mini-4k-instruct",
              "ContextLength": 4096,
              "ContextLengthSource": "Azure/azureml-assets assets/models/system/phi-3-mini-4k-instruct/spec.yaml (asset version 15) tags.textContextWindow 4096; huggingface.co/microsoft/Phi-3-mini-4k-instruct config.json max_position_embeddings 4096",
              "Tokenizer": "Llama2SentencePiece",
              "VocabularySize": 32064,
              "ExactTokenCount": false,
              "TokenizerSource": "Phi-3 Technical Report (arXiv:2404.14219), section 2: phi-3-mini uses the same tokenizer as Llama-2 with vocabulary size 32064, and phi-3-medium the same tokenizer as phi-3-mini; config.json vocab_size 32064 (32000 Llama 2 SentencePiece pieces plus added chat and placeholder tokens)",
              "FineTuningRegions": [
                "eastus2"
              ],
              "DeploymentRegions": [
                "eastus2"
              ],
              "RegionsSource": "Fine-tuning: azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10], pay-as-you-go fine-tuning of Phi-3 and Phi-3.5 only for hubs in East US 2 (the DOC-REGIONS table of 2025-11 no longer lists them). Deployment of the fine-tuned model: azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10].",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": -1,
                  "Maximum": 256,
                  "Default": 1,
                  "Source": "azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10]: -1 means 0.2% of the training examples, and the maximum is 256; that page names the portal's batch size, no source maps it to per_device_train_batch_size explicitly. Default: Azure/azureml-assets assets/models/system/phi-3-mini-4k-instruct/spec.yaml (asset version 15) model_specific_defaults per_device_train_batch_size 1."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": 5E-07,
                  "Maximum": 5E-05,
                  "Default": 5E-06,
                  "Source": "Azure/azureml-assets assets/models/system/phi-3-mini-4k-instruct/spec.yaml (asset version 15) model_specific_defaults: learning_rate 5e-6, learning_rate_min 5e-7, learning_rate_max 5e-5. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": 1,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). Default: Azure/azureml-assets assets/models/system/phi-3-mini-4k-instruct/spec.yaml (asset version 15) model_specific_defaults num_train_epochs 1."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": true,
              "Notes": "Fine-tuning retirement: The asset's tags set FinetuneDeprecationDate 2025-06-30 and FinetuneRetirementDate 2025-08-30: check the model catalog before relying on it. No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-3-mini-128k-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-3-mini-128k-instruct",
              "ContextLength": 131072,
              "ContextLengthSource": "Azure/azureml-assets assets/models/system/phi-3-mini-128k-instruct/spec.yaml (asset version 13) tags.textContextWindow 131072; huggingface.co/microsoft/Phi-3-mini-128k-instruct config.json max_position_embeddings 131072",
              "Tokenizer": "Llama2SentencePiece",
              "VocabularySize": 32064,
              "ExactTokenCount": false,
              "TokenizerSource": "Phi-3 Technical Report (arXiv:2404.14219), section 2: phi-3-mini uses the same tokenizer as Llama-2 with vocabulary size 32064, and phi-3-medium the same tokenizer as phi-3-mini; config.json vocab_size 32064 (32000 Llama 2 SentencePiece pieces plus added chat and placeholder tokens)",
              "FineTuningRegions": [
                "eastus2"
              ],
              "DeploymentRegions": [
                "eastus2"
              ],
              "RegionsSource": "Fine-tuning: azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10], pay-as-you-go fine-tuning of Phi-3 and Phi-3.5 only for hubs in East US 2 (the DOC-REGIONS table of 2025-11 no longer lists them). Deployment of the fine-tuned model: azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10].",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": -1,
                  "Maximum": 256,
                  "Default": 1,
                  "Source": "azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10]: -1 means 0.2% of the training examples, and the maximum is 256; that page names the portal's batch size, no source maps it to per_device_train_batch_size explicitly. Default: Azure/azureml-assets assets/models/system/phi-3-mini-128k-instruct/spec.yaml (asset version 13) model_specific_defaults per_device_train_batch_size 1."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": 5E-07,
                  "Maximum": 5E-05,
                  "Default": 5E-06,
                  "Source": "Azure/azureml-assets assets/models/system/phi-3-mini-128k-instruct/spec.yaml (asset version 13) model_specific_defaults: learning_rate 5e-6, learning_rate_min 5e-7, learning_rate_max 5e-5. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": 1,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). Default: Azure/azureml-assets assets/models/system/phi-3-mini-128k-instruct/spec.yaml (asset version 13) model_specific_defaults num_train_epochs 1."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": true,
              "Notes": "Fine-tuning retirement: The asset's tags set FinetuneDeprecationDate 2025-06-30 and FinetuneRetirementDate 2025-08-30: check the model catalog before relying on it. No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-3-medium-4k-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-3-medium-4k-instruct",
              "ContextLength": 4096,
              "ContextLengthSource": "Azure/azureml-assets assets/models/system/phi-3-medium-4k-instruct/spec.yaml (asset version 6) tags.textContextWindow 4096 (model_specific_defaults max_seq_length 4096)",
              "Tokenizer": "Llama2SentencePiece",
              "VocabularySize": 32064,
              "ExactTokenCount": false,
              "TokenizerSource": "Phi-3 Technical Report (arXiv:2404.14219), section 2: phi-3-mini uses the same tokenizer as Llama-2 with vocabulary size 32064, and phi-3-medium the same tokenizer as phi-3-mini; config.json vocab_size 32064 (32000 Llama 2 SentencePiece pieces plus added chat and placeholder tokens)",
              "FineTuningRegions": [
                "eastus2"
              ],
              "DeploymentRegions": [
                "eastus2"
              ],
              "RegionsSource": "Fine-tuning: azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10], pay-as-you-go fine-tuning of Phi-3 and Phi-3.5 only for hubs in East US 2 (the DOC-REGIONS table of 2025-11 no longer lists them). Deployment of the fine-tuned model: azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10].",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": -1,
                  "Maximum": 256,
                  "Default": 4,
                  "Source": "azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10]: -1 means 0.2% of the training examples, and the maximum is 256; that page names the portal's batch size, no source maps it to per_device_train_batch_size explicitly. Default: Azure/azureml-assets assets/models/system/phi-3-medium-4k-instruct/spec.yaml (asset version 6) model_specific_defaults per_device_train_batch_size 4 (gradient_accumulation_steps 4)."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": 5E-07,
                  "Maximum": 5E-05,
                  "Default": 5E-06,
                  "Source": "Azure/azureml-assets assets/models/system/phi-3-medium-4k-instruct/spec.yaml (asset version 6) model_specific_defaults: learning_rate 5e-6, learning_rate_min 5e-7, learning_rate_max 5e-5. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": 1,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). Default: Azure/azureml-assets assets/models/system/phi-3-medium-4k-instruct/spec.yaml (asset version 6) model_specific_defaults num_train_epochs 1."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": true,
              "Notes": "Fine-tuning retirement: The asset's tags set FinetuneDeprecationDate 2025-06-30 and FinetuneRetirementDate 2025-08-30: check the model catalog before relying on it. No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-3-medium-128k-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-3-medium-128k-instruct",
              "ContextLength": 131072,
              "ContextLengthSource": "Azure/azureml-assets assets/models/system/phi-3-medium-128k-instruct/spec.yaml (asset version 7) tags.textContextWindow 131072",
              "Tokenizer": "Llama2SentencePiece",
              "VocabularySize": 32064,
              "ExactTokenCount": false,
              "TokenizerSource": "Phi-3 Technical Report (arXiv:2404.14219), section 2: phi-3-mini uses the same tokenizer as Llama-2 with vocabulary size 32064, and phi-3-medium the same tokenizer as phi-3-mini; config.json vocab_size 32064 (32000 Llama 2 SentencePiece pieces plus added chat and placeholder tokens)",
              "FineTuningRegions": [
                "eastus2"
              ],
              "DeploymentRegions": [
                "eastus2",
                "swedencentral"
              ],
              "RegionsSource": "Fine-tuning: azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10], pay-as-you-go fine-tuning of Phi-3 and Phi-3.5 only for hubs in East US 2 (the DOC-REGIONS table of 2025-11 no longer lists them). Deployment of the fine-tuned model: azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10].",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": -1,
                  "Maximum": 256,
                  "Default": 4,
                  "Source": "azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10]: -1 means 0.2% of the training examples, and the maximum is 256; that page names the portal's batch size, no source maps it to per_device_train_batch_size explicitly. Default: Azure/azureml-assets assets/models/system/phi-3-medium-128k-instruct/spec.yaml (asset version 7) model_specific_defaults per_device_train_batch_size 4 (gradient_accumulation_steps 4)."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": 5E-07,
                  "Maximum": 5E-05,
                  "Default": 5E-06,
                  "Source": "Azure/azureml-assets assets/models/system/phi-3-medium-128k-instruct/spec.yaml (asset version 7) model_specific_defaults: learning_rate 5e-6, learning_rate_min 5e-7, learning_rate_max 5e-5. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": 1,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). Default: Azure/azureml-assets assets/models/system/phi-3-medium-128k-instruct/spec.yaml (asset version 7) model_specific_defaults num_train_epochs 1."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": true,
              "Notes": "The fine-tuning defaults of its asset set max_seq_length 4096, so longer examples are probably cut to 4096 tokens in training although the model reads 131072; no source says whether that default can be changed. Fine-tuning retirement: The asset's tags set FinetuneDeprecationDate 2025-06-30 and FinetuneRetirementDate 2025-08-30: check the model catalog before relying on it. No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-3.5-mini-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-3.5-mini-instruct",
              "ContextLength": 131072,
              "ContextLengthSource": "learn.microsoft.com azure/ai-studio/how-to/deploy-models-phi-3 (\"How to use Phi-3 family chat models\"): the Phi-3.5 models have a context length of 128K tokens; huggingface.co/microsoft/Phi-3.5-mini-instruct config.json max_position_embeddings 131072",
              "Tokenizer": "Llama2SentencePiece",
              "VocabularySize": 32064,
              "ExactTokenCount": false,
              "TokenizerSource": "learn.microsoft.com azure/ai-studio/how-to/deploy-models-phi-3 (\"How to use Phi-3 family chat models\"): Phi-3.5 Mini uses the same tokenizer as Phi-3 Mini; config.json vocab_size 32064",
              "FineTuningRegions": [
                "eastus2"
              ],
              "DeploymentRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "westus3",
                "westus",
                "southcentralus"
              ],
              "RegionsSource": "Fine-tuning: azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10], pay-as-you-go fine-tuning of Phi-3 and Phi-3.5 only for hubs in East US 2 (the DOC-REGIONS table of 2025-11 no longer lists them). Deployment of the fine-tuned model: azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10].",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": -1,
                  "Maximum": 256,
                  "Default": null,
                  "Source": "azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10]: -1 means 0.2% of the training examples, and the maximum is 256; that page names the portal's batch size, no source maps it to per_device_train_batch_size explicitly. No source gives the default."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum for this model. No source gives the default. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). No source gives the default."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": true,
              "Notes": "No azureml-assets spec for this model was found, so no fine-tuning defaults are known. No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            },
            {
              "Name": "Phi-3.5-MoE-instruct",
              "RegistryId": "azureml://registries/azureml/models/Phi-3.5-MoE-instruct",
              "ContextLength": 131072,
              "ContextLengthSource": "learn.microsoft.com azure/ai-studio/how-to/deploy-models-phi-3 (\"How to use Phi-3 family chat models\"): the Phi-3.5 models have a context length of 128K tokens; config.json of microsoft/Phi-3.5-MoE-instruct max_position_embeddings 131072",
              "Tokenizer": "Llama2SentencePiece",
              "VocabularySize": 32064,
              "ExactTokenCount": false,
              "TokenizerSource": "learn.microsoft.com azure/ai-studio/how-to/deploy-models-phi-3 (\"How to use Phi-3 family chat models\"): Phi-3.5 MoE uses a tokenizer with vocabulary size 32,064 (the Phi-3 Mini tokenizer)",
              "FineTuningRegions": [
                "eastus2"
              ],
              "DeploymentRegions": [
                "eastus2",
                "eastus",
                "northcentralus",
                "westus3",
                "westus",
                "southcentralus"
              ],
              "RegionsSource": "Fine-tuning: azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10], pay-as-you-go fine-tuning of Phi-3 and Phi-3.5 only for hubs in East US 2 (the DOC-REGIONS table of 2025-11 no longer lists them). Deployment of the fine-tuned model: azureml-examples sdk/python/jobs/finetuning/standalone/model-as-a-service/chat-completion/chat_completion_with_model_as_service.ipynb, \"Current support matrix for FT deployments\" [NB, contracts/arm B.10].",
              "TaskTypes": [
                "ChatCompletion"
              ],
              "Hyperparameters": [
                {
                  "Name": "BatchSize",
                  "WireName": "per_device_train_batch_size",
                  "Minimum": -1,
                  "Maximum": 256,
                  "Default": null,
                  "Source": "azure-ai-docs articles/ai-studio/how-to/fine-tune-phi-3.md (ms.date 2024-12-16) [DOC-PHI3, contracts/arm B.5, B.10]: -1 means 0.2% of the training examples, and the maximum is 256; that page names the portal's batch size, no source maps it to per_device_train_batch_size explicitly. No source gives the default."
                },
                {
                  "Name": "LearningRate",
                  "WireName": "learning_rate",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum for this model. No source gives the default. The portal's learning-rate multiplier (0.0 to 5.0 [DOC-PHI3]; 0.02 to 0.2 suggested [DOC-SLS-FT]) multiplies the pre-training rate and is not this value; the notebook [NB] sends learning_rate 0.00002."
                },
                {
                  "Name": "Epochs",
                  "WireName": "num_train_epochs",
                  "Minimum": null,
                  "Maximum": null,
                  "Default": null,
                  "Source": "No source gives the minimum or maximum number of epochs (fine-tune-phi-3.md and fine-tune-serverless.md describe the parameter without limits). No source gives the default."
                }
              ],
              "SupportsToolMessages": false,
              "IsLegacy": true,
              "Notes": "No azureml-assets spec for this model was found, so no fine-tuning defaults are known. The notebook's matrix spells it Phi-3.5-MOE-instruct. No source says that serverless fine-tuning accepts messages with role \"tool\" in training data, so SupportsToolMessages is false."
            }
          ]
        }
        """;
}
