import { createApp } from 'vue'
import {
  ElAlert, ElButton, ElCheckbox, ElConfigProvider, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDrawer,
  ElForm, ElFormItem, ElInput, ElInputNumber, ElLoading, ElMenu, ElMenuItem, ElOption, ElPagination, ElProgress,
  ElRadioButton, ElRadioGroup, ElSelect, ElSwitch, ElTabPane, ElTable, ElTableColumn, ElTabs, ElTag, ElText,
} from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'

// Only the Element Plus components the dashboard uses are registered, so the rest is not bundled.
const components = [
  ElAlert, ElButton, ElCheckbox, ElConfigProvider, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDrawer,
  ElForm, ElFormItem, ElInput, ElInputNumber, ElMenu, ElMenuItem, ElOption, ElPagination, ElProgress,
  ElRadioButton, ElRadioGroup, ElSelect, ElSwitch, ElTabPane, ElTable, ElTableColumn, ElTabs, ElTag, ElText,
]
const app = createApp(App).use(router).use(i18n).use(ElLoading)
for (const c of components) app.use(c)
app.mount('#app')
